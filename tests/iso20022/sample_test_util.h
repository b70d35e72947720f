// Helpers for the tests over ../shared/iso20022/samples: cut a sample (bare,
// or inside any envelope) into its AppHdr and Document, and validate each
// against the official XSD its namespace names, with xmllint.
#pragma once

#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "render_test_util.h"

namespace corridor::iso20022::testing {

inline std::string read_sample(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The first element called `local` (any prefix) nearest the root, printed as
// a document of its own, with the namespace declarations it inherits from an
// envelope copied onto it so the printed part is complete.
inline std::string sample_part(const std::string& xml, const std::string& local) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return "";
  const std::string query = "(//*[local-name()='" + local + "'])[1]";
  const pugi::xpath_node found = doc.select_node(query.c_str());
  if (!found) return "";
  pugi::xml_document part;
  pugi::xml_node root = part.append_copy(found.node());
  for (pugi::xml_node up = found.node().parent(); up; up = up.parent()) {
    for (const pugi::xml_attribute& a : up.attributes()) {
      const std::string name = a.name();
      const bool declaration = name == "xmlns" || name.rfind("xmlns:", 0) == 0;
      if (declaration && !root.attribute(a.name())) root.append_attribute(a.name()) = a.value();
    }
  }
  std::ostringstream text;
  part.print(text, "", pugi::format_raw | pugi::format_no_declaration);
  return text.str();
}

// The message id a part's namespace names ("urn:...:xsd:pacs.008.001.08").
inline std::string schema_of(const std::string& part) {
  pugi::xml_document doc;
  if (!doc.load_string(part.c_str())) return "";
  const pugi::xml_node root = doc.document_element();
  const std::string name = root.name();
  const size_t colon = name.find(':');
  const std::string attribute =
      colon == std::string::npos ? "xmlns" : "xmlns:" + name.substr(0, colon);
  const std::string uri = root.attribute(attribute.c_str()).value();
  return uri.substr(uri.rfind(':') + 1);
}

// The Document, and the AppHdr when there is one, each valid against the
// schema its namespace names; the reasons why not otherwise.
inline std::string schema_problems(const std::string& xml) {
  std::string problems;
  for (const char* part_name : {"AppHdr", "Document"}) {
    const std::string part = sample_part(xml, part_name);
    if (part.empty()) {
      if (std::string(part_name) == "Document") problems += "no Document\n";
      continue;
    }
    const testing::XmllintResult lint = xmllint(part, schema_of(part));
    if (lint.exit_status != 0) problems += std::string(part_name) + ": " + lint.output;
  }
  return problems;
}

}  // namespace corridor::iso20022::testing
