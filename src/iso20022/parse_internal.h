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
// Checks every IBAN, BICFI/AnyBIC, UETR and amount (Ccy attribute) under root
// (whose depth the caller has checked).
void scan_fields(const pugi::xml_node& root, Message* message);
// The Document's message element `name` with its fields scanned; an empty node
// and a structural FF01 when the Document has no such element.
pugi::xml_node scanned_root(const pugi::xml_node& document, std::string_view name,
                            Message* message);

// One walk over a message's elements that reads them, checks their fields and
// enforces the depth limit at once, so the tree is walked a single time.
struct Walk {
  Message* message;
  int depth_max;
  bool too_deep = false;
  // False, and too_deep set, when an element at `depth` is beyond the limit.
  bool within(int depth) {
    if (depth <= depth_max) return true;
    too_deep = true;
    return false;
  }
};

// Checks `node` (at `depth`) and everything under it: the depth limit and
// every IBAN, BICFI/AnyBIC, UETR and amount. The pacs parser reads the fields
// it knows and hands every other element to this, so each element is visited
// once and each field checked once wherever the schema puts it.
void scan_subtree(const pugi::xml_node& node, int depth, Walk& walk);
// An element read for its text: anything nested in it (the schema allows
// nothing) is still scanned, for the depth limit and the field checks.
void leaf(const pugi::xml_node& node, int depth, Walk& walk);
// The depth of an element: 1 for the root element.
int depth_of(const pugi::xml_node& node);

// pacs.008, pacs.009, pacs.004 (parse_pacs.cc). Enforces limits.element_depth_max
// under the Document as it reads it: false when an element is deeper.
bool parse_pacs(const pugi::xml_node& document, MessageType type, const Limits& limits,
                Message* message);

// Agt/FinInstnId (BICFI, ClrSysMmbId/MmbId); an absent node is an absent agent.
Agent agent_of(const pugi::xml_node& node);
// CH21: mandatory element `name` is missing under `parent`.
void missing(Message* message, const pugi::xml_node& parent, std::string_view name);
// A mandatory child; CH21 naming the parent's path when absent.
pugi::xml_node required(Message* message, const pugi::xml_node& parent, std::string_view name);

// The outbound types read back into their renderers' input structs
// (parse_reports.cc): pacs.002, camt.052, camt.054, camt.029, admi.002.
void parse_reports(const pugi::xml_node& document, MessageType type, const Limits& limits,
                   Message* message);
// The AppHdr as a HeaderInput (Message::header_input): of those types, and of a
// standalone head.001.
void parse_report_header(const pugi::xml_node& app_hdr, Message* message);

// camt.056, camt.007, camt.050, pacs.028 (parse_camt.cc).
void parse_requests(const pugi::xml_node& document, MessageType type, const Limits& limits,
                    Message* message);

// camt.005 search criteria (parse_search.cc), called by parse_requests().
void parse_camt005(const pugi::xml_node& root, const Limits& limits, Message* message);

}  // namespace corridor::iso20022::internal
