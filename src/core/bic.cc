#include "core/bic.h"

namespace corridor::core {
namespace {

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper_alnum(char c) {
  return is_upper(c) || is_digit(c);
}

}  // namespace

bool Bic::valid(std::string_view text) {
  if (text.size() != 8 && text.size() != 11) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool ok = (i == 4 || i == 5) ? is_upper(c) : is_upper_alnum(c);
    if (!ok) return false;
  }
  return true;
}

std::optional<Bic> Bic::parse(std::string_view text) {
  if (!valid(text)) return std::nullopt;
  Bic bic;
  for (size_t i = 0; i < text.size(); ++i) bic.code_[i] = text[i];
  if (text.size() == 8) {
    bic.code_[8] = bic.code_[9] = bic.code_[10] = 'X';
  }
  return bic;
}

std::string Bic::to_string() const {
  if (empty()) return std::string();
  if (code_[8] == 'X' && code_[9] == 'X' && code_[10] == 'X') {
    return std::string(code_.data(), 8);
  }
  return std::string(code_.data(), 11);
}

}  // namespace corridor::core
