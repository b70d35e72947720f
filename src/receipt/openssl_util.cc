#include "receipt/openssl_util.h"

#include <openssl/err.h>

namespace corridor::receipt {

std::string take_openssl_error() {
  const unsigned long code = ERR_peek_error();
  char text[256] = {};
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

}  // namespace corridor::receipt
