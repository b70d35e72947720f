// Helpers for the input-side tests: reading files, hand-made variants, xmllint.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "iso20022/model.h"

namespace corridor::iso20022::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

inline std::string data_file(const std::string& name) {
  return read_file(std::string(CORRIDOR_ISO_INPUT_DATA_DIR) + "/" + name);
}

// `text` with the first occurrence of `from` replaced; fails the test when absent,
// so a variant can never silently equal the original.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the message: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

inline bool has_problem(const Message& message, const std::string& code,
                        const std::string& path = "") {
  for (const Problem& p : message.problems) {
    if (p.code == code && (path.empty() || p.path == path)) return true;
  }
  return false;
}

inline std::string describe(const Problems& problems) {
  std::string text;
  for (const Problem& p : problems) text += p.code + " " + p.path + ": " + p.text + "\n";
  return text;
}

}  // namespace corridor::iso20022::testing
