// Safe loading of an incoming message into pugixml, and locating its parts.
//
// Before pugixml sees a byte: the size limit and UTF-8 validity. pugixml never
// fetches anything and expands no entities but the five predefined ones; we
// still refuse any DOCTYPE outright, so billion-laughs and XXE documents are
// rejected, not silently half-read. Depth is checked by an iterative walk.
#pragma once

#include <cstring>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <type_traits>

#include "iso20022/limits.h"
#include "iso20022/message_type.h"
#include "iso20022/problem.h"

namespace corridor::iso20022 {

// The byte offset of the first invalid UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are invalid), or nullopt.
std::optional<size_t> first_invalid_utf8(std::string_view bytes);

struct LoadedXml {
  pugi::xml_document document;
  Problems problems;  // empty when the document was loaded
  bool ok() const { return problems.empty(); }
};

// Loads `bytes` (copied into pugixml's buffer) under `limits`. Element text
// is embedded in the element (pugi::parse_embed_pcdata): read it with text().
// With check_depth false the caller enforces limits.element_depth_max itself
// (parse_message does, in the walk that reads the message).
void load_xml(std::string_view bytes, const Limits& limits, LoadedXml* out,
              bool check_depth = true);
// True when no element in `top`'s subtree (top included, at depth top_depth;
// the root element is at 1, the document node at 0) is deeper than
// depth_max. The subtree under `skip` (an empty node skips nothing) is not
// entered. Iterative: no recursion however deep the input.
bool within_depth(const pugi::xml_node& top, int top_depth, int depth_max,
                  const pugi::xml_node& skip = pugi::xml_node());
// The problem a message nested deeper than the limit gets.
Problem too_deep_problem(int depth_max);

// pugixml is a separate library and xml_node's operator bool a call into it;
// the hot loops test the one pointer an xml_node holds in place instead.
inline const void* raw(const pugi::xml_node& node) {
  static_assert(sizeof(pugi::xml_node) == sizeof(void*) &&
                std::is_trivially_copyable_v<pugi::xml_node>);
  const void* pointer;
  std::memcpy(&pointer, &node, sizeof(pointer));
  return pointer;
}
inline bool exists(const pugi::xml_node& node) {
  return raw(node) != nullptr;
}

// The element's name without its namespace prefix.
std::string_view local_name(const pugi::xml_node& node);
// The namespace URI in scope for the element (its prefix's, or the default).
std::string_view namespace_of(const pugi::xml_node& node);
// True when an element name (prefixed or not) has this local name.
bool local_name_is(const char* name, std::string_view local);
// The first child element with this local name (any prefix), or an empty node.
pugi::xml_node child(const pugi::xml_node& node, std::string_view local);
// The element's path from the outermost Document or AppHdr, e.g.
// /Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/IntrBkSttlmAmt
std::string path_of(const pugi::xml_node& node);

// The parts of a message: a bare Document, or AppHdr + Document under any wrapper.
struct MessageParts {
  pugi::xml_node app_hdr;   // empty when there is none
  pugi::xml_node document;  // never empty when located
  std::optional<MessageType> type;
  std::optional<MessageType> header_type;
};

// Finds the first AppHdr and Document by local name (breadth of the whole
// tree, iteratively), the type from the Document's namespace, and checks the
// header's MsgDefIdr names the same message. An AppHdr without a Document is a
// standalone head.001 (type = its namespace's). Problems are appended.
MessageParts locate_parts(const pugi::xml_document& doc, Problems* problems);

}  // namespace corridor::iso20022
