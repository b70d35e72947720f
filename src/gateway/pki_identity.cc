// `identity_of`: role and BIC from a verified peer certificate's subject.
#include <fmt/format.h>
#include <openssl/x509.h>

#include <optional>
#include <string>

#include "gateway/pki.h"

namespace corridor::gateway {
namespace {

// The one entry of `nid` in `name` as UTF-8; an error when absent or repeated
// (two CNs would leave it open which one the gateway trusts).
std::optional<std::string> single_entry(X509_NAME* name, int nid, std::string* error) {
  const int first = X509_NAME_get_index_by_NID(name, nid, -1);
  if (first < 0) {
    *error = fmt::format("the subject has no {}", OBJ_nid2sn(nid));
    return std::nullopt;
  }
  if (X509_NAME_get_index_by_NID(name, nid, first) >= 0) {
    *error = fmt::format("the subject has more than one {}", OBJ_nid2sn(nid));
    return std::nullopt;
  }
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, first));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) {
    *error = fmt::format("the subject's {} is not valid text", OBJ_nid2sn(nid));
    return std::nullopt;
  }
  std::string text(reinterpret_cast<const char*>(utf8), static_cast<size_t>(length));
  OPENSSL_free(utf8);
  return text;
}

}  // namespace

const char* to_string(PeerRole role) {
  return role == PeerRole::kOperator ? "operator" : "participant";
}

PeerIdentity identity_of(X509* certificate) {
  PeerIdentity identity;
  if (certificate == nullptr) return identity;  // its error says so
  X509_NAME* subject = X509_get_subject_name(certificate);
  const std::optional<std::string> role =
      single_entry(subject, NID_organizationalUnitName, &identity.error);
  if (!role) return identity;
  if (*role == kRoleParticipant) {
    identity.role = PeerRole::kParticipant;
  } else if (*role == kRoleOperator) {
    identity.role = PeerRole::kOperator;
  } else {
    identity.error = fmt::format("OU=\"{}\" is not a client role (participant or operator)", *role);
    return identity;
  }
  const std::optional<std::string> common_name =
      single_entry(subject, NID_commonName, &identity.error);
  if (!common_name) return identity;
  const std::optional<core::Bic> bic = core::Bic::parse(*common_name);
  if (!bic) {
    identity.error = fmt::format("CN=\"{}\" is not an ISO 9362 BIC", *common_name);
    return identity;
  }
  identity.bic = *bic;
  identity.error.clear();
  return identity;
}

}  // namespace corridor::gateway
