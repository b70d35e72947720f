// `init_pki`: the development PKI. Certificates are built with the X509 and
// X509V3 APIs and signed with Ed25519 (no digest: EdDSA hashes internally).
#include "gateway/pki.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

namespace corridor::gateway {
namespace {

namespace fs = std::filesystem;

constexpr int kSerialBytes = 16;  // random, positive: RFC 5280 allows up to 20 octets

[[noreturn]] void fail_openssl(std::string_view what) {
  throw PkiError(fmt::format("{}: {}", what, openssl_error_text()));
}

EvpPkeyPtr generate_ed25519() {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) fail_openssl("generating an Ed25519 key");
  return key;
}

struct Subject {
  std::string common_name;
  std::string organization;
  std::string_view role;  // OU
};

void set_subject(X509* cert, const Subject& subject) {
  X509_NAME* name = X509_get_subject_name(cert);
  auto add = [&](const char* field, std::string_view value) {
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
      fail_openssl(fmt::format("subject {}=\"{}\"", field, value));
    }
  };
  add("CN", subject.common_name);
  add("O", subject.organization);
  add("OU", subject.role);
}

void set_random_serial(X509* cert) {
  unsigned char bytes[kSerialBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) fail_openssl("random serial number");
  bytes[0] &= 0x7F;  // positive
  bytes[0] |= 0x01;  // and not shortened by leading zero bytes
  BignumPtr number(BN_bin2bn(bytes, sizeof bytes, nullptr));
  if (!number || BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(cert)) == nullptr) {
    fail_openssl("serial number");
  }
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!extension || X509_add_ext(cert, extension.get(), -1) != 1) {
    fail_openssl(fmt::format("extension {} = {}", OBJ_nid2sn(nid), value));
  }
}

struct Issued {
  EvpPkeyPtr key;
  X509Ptr cert;
};

// A certificate for a new key. `issuer` null: self-signed (the CA).
Issued issue(const Subject& subject, const Issued* issuer, int validity_days,
             const std::vector<std::pair<int, std::string>>& extensions) {
  Issued made{generate_ed25519(), X509Ptr(X509_new())};
  X509* cert = made.cert.get();
  if (cert == nullptr) fail_openssl("X509_new");
  X509* issuer_cert = issuer != nullptr ? issuer->cert.get() : cert;
  EVP_PKEY* signing_key = issuer != nullptr ? issuer->key.get() : made.key.get();
  if (X509_set_version(cert, X509_VERSION_3) != 1) fail_openssl("version");
  set_random_serial(cert);
  set_subject(cert, subject);
  if (X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert)) != 1) fail_openssl("issuer");
  // A minute's slack for clocks slightly behind the one that made the certificate.
  if (X509_gmtime_adj(X509_getm_notBefore(cert), -60) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert), validity_days, 0, nullptr) == nullptr) {
    fail_openssl("validity");
  }
  if (X509_set_pubkey(cert, made.key.get()) != 1) fail_openssl("public key");
  add_extension(cert, issuer_cert, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) add_extension(cert, issuer_cert, NID_authority_key_identifier, "keyid");
  for (const auto& [nid, value] : extensions) add_extension(cert, issuer_cert, nid, value);
  if (X509_sign(cert, signing_key, nullptr) <= 0) {
    fail_openssl(fmt::format("signing the certificate of {}", subject.common_name));
  }
  return made;
}

// A wildcard listen address is not a name clients connect to.
bool is_wildcard(const std::string& address) {
  return address == "0.0.0.0" || address == "::";
}

// DNS:localhost and IP:127.0.0.1 always (local clients and tests), plus the listen address.
std::string server_alt_names(const std::string& listen_address) {
  std::set<std::string> names = {"DNS:localhost", "IP:127.0.0.1"};
  if (!is_wildcard(listen_address)) {
    names.insert((is_ip_literal(listen_address) ? "IP:" : "DNS:") + listen_address);
  }
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ",") + name;
  return joined;
}

std::string pem_of(const Issued& issued, bool key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) fail_openssl("BIO_new");
  const int written = key ? PEM_write_bio_PrivateKey(bio.get(), issued.key.get(), nullptr, nullptr,
                                                     0, nullptr, nullptr)
                          : PEM_write_bio_X509(bio.get(), issued.cert.get());
  if (written != 1) fail_openssl("PEM encoding");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

struct PendingFile {
  fs::path path;
  std::string contents;
  mode_t mode;
};

fs::path temporary_of(const PendingFile& file) {
  return file.path.string() + ".tmp";
}

// Writes `file` to its temporary name with its final mode from the start (a
// key is never readable by others, not even briefly) and syncs it.
void write_temporary(const PendingFile& file) {
  const fs::path temporary = temporary_of(file);
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, file.mode);
  if (fd < 0) {
    throw PkiError(fmt::format("{}: cannot create: {}", temporary.string(), std::strerror(errno)));
  }
  bool ok = ::fchmod(fd, file.mode) == 0;  // an existing temporary file keeps its old mode
  size_t done = 0;
  while (ok && done < file.contents.size()) {
    const ssize_t n = ::write(fd, file.contents.data() + done, file.contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(temporary.c_str());
    throw PkiError(
        fmt::format("{}: cannot write: {}", temporary.string(), std::strerror(saved_errno)));
  }
}

// Every file is written to a temporary name first; only when all are written
// are they renamed into place, so a full disk or a permission error leaves the
// old PKI (or none) rather than a mix of old and new files.
void write_all(const std::vector<PendingFile>& files) {
  size_t written = 0;
  try {
    for (; written < files.size(); ++written) write_temporary(files[written]);
  } catch (const PkiError&) {
    for (size_t i = 0; i < written; ++i) ::unlink(temporary_of(files[i]).c_str());
    throw;
  }
  for (const PendingFile& file : files) {
    if (::rename(temporary_of(file).c_str(), file.path.c_str()) != 0) {
      throw PkiError(fmt::format("{}: cannot rename into place: {}", file.path.string(),
                                 std::strerror(errno)));
    }
  }
}

}  // namespace

std::string openssl_error_text() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "OpenSSL reported no reason";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::vector<std::string> init_pki(const std::string& dir, const ServiceConfig& config, bool force) {
  const fs::path root(dir);
  std::vector<std::string> names = {std::string(kCaCertFile),       std::string(kCaKeyFile),
                                    std::string(kServerCertFile),   std::string(kServerKeyFile),
                                    std::string(kOperatorCertFile), std::string(kOperatorKeyFile)};
  for (const ParticipantConfig& p : config.participants) {
    names.push_back(p.bic_text + ".pem");
    names.push_back(p.bic_text + ".key");
  }
  std::error_code ec;
  if (fs::exists(root, ec) && !fs::is_directory(root, ec)) {
    throw PkiError(fmt::format("{}: exists and is not a directory", dir));
  }
  if (!force) {
    for (const std::string& name : names) {
      if (fs::exists(root / name, ec)) {
        throw PkiExistsError(fmt::format(
            "{}: a PKI already exists here ({} found); pass --force to replace it", dir, name));
      }
    }
  }

  const std::string& org = config.operator_.name;
  const std::string client_usage = "critical,digitalSignature";
  const Issued ca = issue({"Corridor development CA", org, kRoleCa}, nullptr, kCaValidityDays,
                          {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                           {NID_key_usage, "critical,keyCertSign,cRLSign"}});
  const Issued server =
      issue({config.service.listen_address, org, kRoleServer}, &ca, kLeafValidityDays,
            {{NID_basic_constraints, "critical,CA:FALSE"},
             {NID_key_usage, client_usage},
             {NID_ext_key_usage, "serverAuth"},
             {NID_subject_alt_name, server_alt_names(config.service.listen_address)}});
  // The operator's key also signs finality receipts, hence digitalSignature.
  const Issued operator_ =
      issue({config.service.system_bic.to_string(), org, kRoleOperator}, &ca, kLeafValidityDays,
            {{NID_basic_constraints, "critical,CA:FALSE"},
             {NID_key_usage, client_usage},
             {NID_ext_key_usage, "clientAuth"}});
  std::vector<PendingFile> files;
  auto add = [&](std::string_view stem, const Issued& issued) {
    files.push_back({root / (std::string(stem) + ".pem"), pem_of(issued, false), 0644});
    files.push_back({root / (std::string(stem) + ".key"), pem_of(issued, true), 0600});
  };
  add("ca", ca);
  add("server", server);
  add("operator", operator_);
  for (const ParticipantConfig& p : config.participants) {
    const Issued client = issue({p.bic_text, p.name, kRoleParticipant}, &ca, kLeafValidityDays,
                                {{NID_basic_constraints, "critical,CA:FALSE"},
                                 {NID_key_usage, client_usage},
                                 {NID_ext_key_usage, "clientAuth"}});
    add(p.bic_text, client);
  }

  fs::create_directories(root, ec);
  if (ec) throw PkiError(fmt::format("{}: cannot create directory: {}", dir, ec.message()));
  write_all(files);
  std::vector<std::string> written;
  for (const PendingFile& file : files) written.push_back(file.path.string());
  return written;
}

X509Ptr load_certificate(const std::string& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) throw PkiError(fmt::format("{}: cannot open: {}", path, openssl_error_text()));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    throw PkiError(fmt::format("{}: not a PEM certificate: {}", path, openssl_error_text()));
  }
  return cert;
}

}  // namespace corridor::gateway
