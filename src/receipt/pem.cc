#include "receipt/pem.h"

#include <openssl/bio.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace corridor::receipt {
namespace {

struct FileClose {
  void operator()(FILE* file) const { std::fclose(file); }
};

OrError<std::unique_ptr<FILE, FileClose>> open_file(const std::string& path) {
  std::unique_ptr<FILE, FileClose> file(std::fopen(path.c_str(), "rb"));
  if (!file) return {{}, "cannot open " + path + ": " + std::strerror(errno)};
  return {std::move(file), ""};
}

std::string why(const char* what, const std::string& path) {
  const std::string detail = take_openssl_error();
  return std::string(what) + " in " + path + (detail.empty() ? "" : ": " + detail);
}

}  // namespace

OrError<PkeyPtr> load_private_key_pem(const std::string& path) {
  auto file = open_file(path);
  if (!file.ok()) return {{}, file.error};
  // No passphrase callback: an encrypted key is refused rather than prompted for.
  PkeyPtr key(PEM_read_PrivateKey(file.value->get(), nullptr, nullptr, const_cast<char*>("")));
  if (!key) return {{}, why("no PEM private key", path)};
  return {std::move(key), ""};
}

OrError<X509Ptr> load_certificate_pem(const std::string& path) {
  auto file = open_file(path);
  if (!file.ok()) return {{}, file.error};
  X509Ptr cert(PEM_read_X509(file.value->get(), nullptr, nullptr, nullptr));
  if (!cert) return {{}, why("no PEM certificate", path)};
  return {std::move(cert), ""};
}

}  // namespace corridor::receipt
