// A development PKI for the service's mutual TLS, and reading a peer's
// identity back from its certificate. Layout and subject convention:
// docs/service.md ("PKI").
//
// Every key is Ed25519. Subjects say who a certificate belongs to:
//   CA           CN=Corridor development CA, O=<operator name>, OU=ca
//   server       CN=<listen address>,        O=<operator name>, OU=server
//   operator     CN=<system BIC>,            O=<operator name>, OU=operator
//   participant  CN=<BIC as configured>,     O=<participant name>, OU=participant
// The gateway authorises on OU (the role) and CN (the BIC), after the TLS
// handshake has verified the chain to the CA.
#pragma once

#include <openssl/x509.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/bic.h"
#include "gateway/openssl_ptr.h"
#include "gateway/service_config.h"

namespace corridor::gateway {

// The OU values of the convention above.
inline constexpr std::string_view kRoleParticipant = "participant";
inline constexpr std::string_view kRoleOperator = "operator";
inline constexpr std::string_view kRoleServer = "server";
inline constexpr std::string_view kRoleCa = "ca";

// File names in a PKI directory; a participant's are <BIC>.pem and <BIC>.key
// with the BIC as configured (8 or 11 characters).
inline constexpr std::string_view kCaCertFile = "ca.pem";
inline constexpr std::string_view kCaKeyFile = "ca.key";
inline constexpr std::string_view kServerCertFile = "server.pem";
inline constexpr std::string_view kServerKeyFile = "server.key";
inline constexpr std::string_view kOperatorCertFile = "operator.pem";
inline constexpr std::string_view kOperatorKeyFile = "operator.key";

inline constexpr int kCaValidityDays = 3650;
inline constexpr int kLeafValidityDays = 397;  // the CA/Browser Forum's maximum for servers

// PKI creation failed: an existing PKI without force, an unwritable
// directory, or an OpenSSL failure. The message names the file.
class PkiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// The directory already holds a PKI (and force was not given): nothing was written.
class PkiExistsError : public PkiError {
 public:
  using PkiError::PkiError;
};

// Creates the CA, server, operator and one certificate per participant of
// `config` in `dir` (created if missing). Keys are written mode 0600,
// certificates 0644, all PEM. Refuses, writing nothing, when `dir` already
// holds any of the files unless `force`. Everything is generated in memory,
// written to temporary names and only then renamed into place, so a failure
// leaves the previous PKI (or none), not a mix. Returns the paths written.
std::vector<std::string> init_pki(const std::string& dir, const ServiceConfig& config, bool force);

enum class PeerRole : uint8_t { kParticipant = 0, kOperator = 1 };
const char* to_string(PeerRole role);

// Who a verified client certificate says its holder is.
struct PeerIdentity {
  PeerRole role = PeerRole::kParticipant;
  core::Bic bic;
  // Empty only when identity_of read a certificate that follows the convention;
  // a default-constructed identity is not ok, so it can never authorise anyone.
  std::string error = "no client certificate";

  bool ok() const { return error.empty(); }
};

// Reads role (OU) and BIC (CN) from a certificate's subject. Exactly one OU,
// "participant" or "operator", and exactly one CN, an ISO 9362 BIC; anything
// else is an error naming what is wrong. Does not verify the certificate: the
// TLS handshake does that against the CA before this is called.
PeerIdentity identity_of(X509* certificate);

// Reads one PEM certificate; throws PkiError naming the file.
X509Ptr load_certificate(const std::string& path);

}  // namespace corridor::gateway
