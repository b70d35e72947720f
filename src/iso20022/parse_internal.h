// Shared by the parse_*.cc files; not part of the module's interface.
#pragma once

#include <initializer_list>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "iso20022/limits.h"
#include "iso20022/model.h"
#include "iso20022/xml_input.h"

namespace corridor::iso20022::internal {

inline constexpr size_t kProblemsMax = 100;

void add_problem(Message* message, const pugi::xml_node& node, std::string_view code,
                 std::string text);
// The element's text without surrounding whitespace ("" for an empty node).
std::string text_of(const pugi::xml_node& node);
// The same, viewed in the document (valid while it lives): no allocation.
std::string_view text_view(const pugi::xml_node& node);
// The local part of an element name: what follows any namespace prefix.
inline std::string_view local_of(const char* name) {
  const char* start = name;
  const char* p = name;
  for (; *p != '\0'; ++p) {
    if (*p == ':') start = p + 1;
  }
  return std::string_view(start, static_cast<size_t>(p - start));
}
// node/names[0]/names[1]/..., by local name; empty when any step is missing.
pugi::xml_node descend(pugi::xml_node node, std::initializer_list<std::string_view> names);
// Checks every IBAN, BICFI/AnyBIC, UETR and amount (Ccy attribute) under root.
void scan_fields(const pugi::xml_node& root, Message* message);
// The same for `node` itself and everything under it. The pacs parsers read
// the fields they know in one pass and hand every other element to this, so
// each field is checked exactly once wherever the schema puts it.
void scan_subtree(const pugi::xml_node& node, Message* message);

// pacs.008, pacs.009, pacs.004 (parse_pacs.cc).
void parse_pacs(const pugi::xml_node& document, MessageType type, const Limits& limits,
                Message* message);

// Agt/FinInstnId (BICFI, ClrSysMmbId/MmbId); an absent node is an absent agent.
Agent agent_of(const pugi::xml_node& node);
// CH21: mandatory element `name` is missing under `parent`.
void missing(Message* message, const pugi::xml_node& parent, std::string_view name);
// A mandatory child; CH21 naming the parent's path when absent.
pugi::xml_node required(Message* message, const pugi::xml_node& parent, std::string_view name);

// camt.056, camt.007, camt.050, pacs.028 (parse_camt.cc).
void parse_requests(const pugi::xml_node& document, MessageType type, const Limits& limits,
                    Message* message);

}  // namespace corridor::iso20022::internal
