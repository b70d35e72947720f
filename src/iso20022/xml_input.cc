#include "iso20022/xml_input.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace corridor::iso20022 {
namespace {

Problem structural(std::string path, std::string text) {
  return Problem{std::move(path), "FF01", std::move(text), true};
}

bool continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

}  // namespace

std::optional<size_t> first_invalid_utf8(std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  size_t i = 0;
  while (i < size) {
    // Messages are almost all ASCII: skip 32, then 8 bytes at a time while no
    // high bit is set.
    while (size - i >= 32) {
      uint64_t words[4];
      std::memcpy(words, data + i, 32);
      if ((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ULL) break;
      i += 32;
    }
    while (size - i >= 8) {
      uint64_t word;
      std::memcpy(&word, data + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= size) break;
    const unsigned char lead = data[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t code_point = 0;
    uint32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
      length = 2, code_point = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code_point = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code_point = lead & 0x07, minimum = 0x10000;
    } else {
      return i;  // a stray continuation byte, or 0xF8..0xFF
    }
    if (size - i < length) return i;
    for (size_t k = 1; k < length; ++k) {
      if (!continuation(data[i + k])) return i;
      code_point = (code_point << 6) | (data[i + k] & 0x3F);
    }
    // Overlong forms would let "<" hide as C0 BC; surrogates are not characters.
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view namespace_of(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  std::string attribute = "xmlns";
  if (colon != std::string_view::npos) {
    attribute += ':';
    attribute += name.substr(0, colon);
  }
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attribute.c_str())) return a.value();
  }
  return {};
}

bool local_name_is(const char* name, std::string_view local) {
  // Most names carry no prefix and differ in the first characters: compare
  // in place before looking for a colon.
  size_t i = 0;
  while (i < local.size() && name[i] == local[i]) ++i;
  if (i == local.size() && name[i] == '\0') return true;
  const char* colon = std::strchr(name, ':');
  return colon != nullptr && std::string_view(colon + 1) == local;
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view local) {
  // pugixml's own lookup compares without a library call per sibling: try the
  // plain name first, and look for prefixed names only when it is absent.
  char plain[64];
  if (local.size() < sizeof(plain)) {
    std::memcpy(plain, local.data(), local.size());
    plain[local.size()] = '\0';
    if (pugi::xml_node c = node.child(plain)) return c;
  }
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name_is(c.name(), local)) return c;
  }
  return {};
}

std::string path_of(const pugi::xml_node& node) {
  std::vector<std::string> parts;
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    const std::string_view name = local_name(n);
    std::string part(name);
    // Index only where the name repeats, so single elements read naturally.
    size_t index = 0, count = 0;
    if (n.parent()) {
      for (pugi::xml_node s = n.parent().first_child(); s; s = s.next_sibling()) {
        if (s.type() != pugi::node_element || local_name(s) != name) continue;
        ++count;
        if (s == n) index = count;
      }
    }
    if (count > 1) part += "[" + std::to_string(index) + "]";
    parts.push_back(std::move(part));
    if (name == "Document" || name == "AppHdr") break;
  }
  std::string path;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) path += "/" + *it;
  return path;
}

void load_xml(std::string_view bytes, const Limits& limits, LoadedXml* out, bool check_depth) {
  out->problems.clear();
  out->document.reset();
  if (bytes.size() > limits.message_bytes_max) {
    out->problems.push_back(structural("", "message of " + std::to_string(bytes.size()) +
                                               " bytes exceeds the limit of " +
                                               std::to_string(limits.message_bytes_max)));
    return;
  }
  if (auto offset = first_invalid_utf8(bytes)) {
    out->problems.push_back(
        structural("", "invalid UTF-8 at byte offset " + std::to_string(*offset)));
    return;
  }
  // parse_doctype keeps a DOCTYPE as a node so we can see it and refuse the
  // message; pugixml itself never expands the entities it declares.
  // parse_embed_pcdata keeps an element's text in the element rather than in a
  // child node: ISO 20022 has no mixed content, so the tree has a third fewer
  // nodes to build and walk, and text() still finds the text.
  const unsigned options = pugi::parse_default | pugi::parse_doctype | pugi::parse_embed_pcdata;
  const pugi::xml_parse_result result =
      out->document.load_buffer(bytes.data(), bytes.size(), options, pugi::encoding_utf8);
  if (!result) {
    out->problems.push_back(structural("", std::string("not well-formed XML at byte offset ") +
                                               std::to_string(result.offset) + ": " +
                                               result.description()));
    return;
  }
  // pugixml refuses a DOCTYPE anywhere but at the top level, so only the
  // document's own children need looking at.
  for (pugi::xml_node n = out->document.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_doctype) {
      out->problems.push_back(structural("", "DOCTYPE declarations are not accepted"));
      return;
    }
  }
  if (check_depth && !within_depth(out->document, 0, limits.element_depth_max)) {
    out->problems.push_back(too_deep_problem(limits.element_depth_max));
  }
}

Problem too_deep_problem(int depth_max) {
  return structural("", "elements nested deeper than " + std::to_string(depth_max));
}

bool within_depth(const pugi::xml_node& top, int top_depth, int depth_max,
                  const pugi::xml_node& skip) {
  // Pre-order over sibling and parent links. Only elements have children.
  int depth = top_depth;
  pugi::xml_node n = top;
  while (true) {
    // Text, comments and CDATA below the deepest allowed element are fine.
    if (depth > depth_max && n.type() == pugi::node_element) return false;
    if (raw(n) != raw(skip)) {
      if (pugi::xml_node c = n.first_child(); exists(c)) {
        ++depth;
        n = c;
        continue;
      }
    }
    while (true) {
      if (raw(n) == raw(top)) return true;
      if (pugi::xml_node next = n.next_sibling(); exists(next)) {
        n = next;
        break;
      }
      n = n.parent();
      --depth;
    }
  }
}

MessageParts locate_parts(const pugi::xml_document& doc, Problems* problems) {
  MessageParts parts;
  // Breadth-first with an explicit queue: the first AppHdr and Document nearest the root.
  std::vector<pugi::xml_node> level{doc.document_element()};
  while (!level.empty() && !(parts.document && parts.app_hdr)) {
    std::vector<pugi::xml_node> next;
    for (const pugi::xml_node& n : level) {
      if (!n || n.type() != pugi::node_element) continue;
      const std::string_view name = local_name(n);
      if (name == "Document") {
        if (!parts.document) parts.document = n;
        continue;  // nothing of interest lies inside a Document
      }
      if (name == "AppHdr") {
        if (!parts.app_hdr) parts.app_hdr = n;
        continue;
      }
      for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) next.push_back(c);
      }
    }
    level = std::move(next);
  }
  if (!parts.document) {
    // A business application header on its own (head.001, as the samples
    // carry it) is a message of that type; anything else without a Document is not.
    if (parts.app_hdr) {
      parts.header_type = message_type_of_namespace(namespace_of(parts.app_hdr));
      if (parts.header_type == MessageType::kHead001v02 ||
          parts.header_type == MessageType::kHead001v03) {
        parts.type = parts.header_type;
        return parts;
      }
    }
    problems->push_back(structural("/", "no Document element"));
    return parts;
  }
  const std::string_view uri = namespace_of(parts.document);
  parts.type = message_type_of_namespace(uri);
  if (!parts.type) {
    problems->push_back(
        structural("/Document", "unknown message namespace \"" + std::string(uri) + "\""));
    return parts;
  }
  if (parts.app_hdr) {
    parts.header_type = message_type_of_namespace(namespace_of(parts.app_hdr));
    if (parts.header_type != MessageType::kHead001v02 &&
        parts.header_type != MessageType::kHead001v03) {
      problems->push_back(structural(
          "/AppHdr",
          "unknown header namespace \"" + std::string(namespace_of(parts.app_hdr)) + "\""));
      return parts;
    }
    const pugi::xml_node id = child(parts.app_hdr, "MsgDefIdr");
    if (!id) {
      problems->push_back(structural("/AppHdr/MsgDefIdr", "missing"));
    } else if (std::string_view(id.text().get()) != message_id(*parts.type)) {
      problems->push_back(
          structural("/AppHdr/MsgDefIdr", "\"" + std::string(id.text().get()) +
                                              "\" does not match the Document's " +
                                              std::string(message_id(*parts.type))));
    }
  }
  return parts;
}

}  // namespace corridor::iso20022
