// Helpers for the renderer conformance tests: cut a rendered message into its
// AppHdr and Document and validate each against its official XSD with xmllint.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "core/types.h"

namespace corridor::iso20022::testing {

// Fixtures shared by the renderer tests.
inline constexpr core::TimestampNs kAtNs = 1'795'774'530'123'456'789;  // 2026-11-27T10:15:30.123Z
inline const std::string kUetr = "eb6305c9-1f7f-49de-aed0-16487c27b42d";
// 200 characters with every markup character, a control character and non-ASCII text.
inline const std::string kLongText = [] {
  std::string text = "<tag> & \"quoted\" 'apos' \x01 Zahlungsempf\xC3\xA4nger ";
  while (text.size() < 200) text += "0123456789";
  return text;
}();
// What the first 35 characters of kLongText read as, once rendered: the
// control character replaced.
inline const std::string kLongTextCut35 = [] {
  std::string text = kLongText.substr(0, 35);
  text[text.find('\x01')] = '?';
  return text;
}();

// The text of the part's subtree, as a complete XML document (each part
// declares its own default namespace, so printing the subtree keeps it).
inline std::string extract_part(const std::string& message, const char* part) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_string(message.c_str());
  EXPECT_TRUE(parsed) << parsed.description() << "\n" << message;
  const pugi::xml_node root = doc.document_element();
  EXPECT_STREQ(root.name(), "BusinessMessage");
  std::ostringstream text;
  root.child(part).print(text, "", pugi::format_raw);
  return text.str();
}

struct XmllintResult {
  int exit_status = -1;
  std::string output;
};

// Runs `xmllint --noout --schema <xsd dir>/<schema>.xsd` on `xml`.
inline XmllintResult xmllint(const std::string& xml, const std::string& schema) {
  static int counter = 0;
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string stem =
      "corridor_render_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const std::filesystem::path file = dir / (stem + ".xml");
  const std::filesystem::path log = dir / (stem + ".log");
  {
    std::ofstream out(file, std::ios::binary);
    out << xml;
  }
  const std::string command = "xmllint --noout --schema '" CORRIDOR_ISO_XSD_DIR "/" + schema +
                              ".xsd' '" + file.string() + "' > '" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  XmllintResult result;
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log);
  result.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::filesystem::remove(file);
  std::filesystem::remove(log);
  return result;
}

// Both parts of a rendered message are valid against their schemas.
inline void expect_schema_valid(const std::string& message, const std::string& document_schema) {
  const std::string header = extract_part(message, "AppHdr");
  const std::string document = extract_part(message, "Document");
  ASSERT_FALSE(header.empty()) << message;
  ASSERT_FALSE(document.empty()) << message;
  const XmllintResult h = xmllint(header, "head.001.001.02");
  EXPECT_EQ(h.exit_status, 0) << h.output << "\n" << header;
  const XmllintResult d = xmllint(document, document_schema);
  EXPECT_EQ(d.exit_status, 0) << d.output << "\n" << document;
}

// The text of the first element called `name` anywhere in the message.
inline std::string first_text(const std::string& message, const char* name) {
  pugi::xml_document doc;
  doc.load_string(message.c_str());
  const std::string query = std::string("//*[local-name()='") + name + "']";
  const pugi::xpath_node node = doc.select_node(query.c_str());
  return node ? node.node().child_value() : std::string("<absent>");
}

}  // namespace corridor::iso20022::testing
