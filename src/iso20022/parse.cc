// parse_message: the entry point, the generic field scan and the AppHdr.
#include "iso20022/parse.h"

#include <limits>

#include "iso20022/parse_internal.h"
#include "iso20022/validate.h"
#include "iso20022/xml_input.h"

namespace corridor::iso20022 {
namespace internal {

void add_problem(Message* message, const pugi::xml_node& node, std::string_view code,
                 std::string text) {
  // A hostile message may be wrong everywhere; the first problems are enough to
  // act on, and paths cost a sibling walk each.
  if (message->problems.size() >= kProblemsMax) return;
  std::string path = node ? path_of(node) : std::string();
  message->problems.push_back(Problem{std::move(path), std::string(code), std::move(text), false});
  if (message->problems.size() == kProblemsMax) {
    message->problems.push_back(Problem{"", "FF01", "further problems not reported", false});
  }
}

std::string_view text_view(const pugi::xml_node& node) {
  // The text is embedded in the element (parse_embed_pcdata) unless it is
  // CDATA or the element is empty: one call into pugixml instead of three.
  const char* value = node.value();
  std::string_view text = *value != '\0' ? value : node.text().get();
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' ||
                           text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

std::string text_of(const pugi::xml_node& node) {
  return std::string(text_view(node));
}

pugi::xml_node descend(pugi::xml_node node, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (!node) return {};
    node = child(node, name);
  }
  return node;
}

namespace {

// Identifiers and amounts are checked wherever the schema puts them
// (charges, underlying customer transfers, headers ...). The names are told
// apart by their first letter before any comparison.
void check_field(const pugi::xml_node& node, std::string_view name, Message* message) {
  Check check;
  switch (name.empty() ? '\0' : name[0]) {
    case 'I':
      if (name == "IBAN") check = check_iban(node.text().get());
      break;
    case 'B':
      if (name == "BICFI") check = check_bic(node.text().get());
      break;
    case 'A':
      if (name == "AnyBIC") check = check_bic(node.text().get());
      break;
    case 'U':
      if (name == "UETR") check = check_uetr(node.text().get());
      break;
    case 'O':
      if (name == "OrgnlUETR") check = check_uetr(node.text().get());
      break;
    default:
      break;
  }
  if (check.ok() && node.first_attribute()) {
    if (pugi::xml_attribute ccy = node.attribute("Ccy")) {
      core::AmountMinor amount_minor;
      core::CurrencyCode code;
      check = parse_amount(node.text().get(), ccy.value(), &amount_minor, &code);
    }
  }
  if (!check.ok()) add_problem(message, node, check.code, std::move(check.text));
}

}  // namespace

void scan_subtree(const pugi::xml_node& node, int depth, Walk& walk) {
  // Iterative pre-order walk over the sibling and parent links: no recursion.
  // Within elements only text and CDATA nodes have no name (parse_default
  // keeps no comments or processing instructions).
  pugi::xml_node n = node;
  while (true) {
    const char* const name = n.name();
    if (*name != '\0') {
      if (!walk.within(depth)) return;
      check_field(n, local_of(name), walk.message);
    }
    if (pugi::xml_node c = n.first_child(); exists(c)) {
      n = c;
      ++depth;
      continue;
    }
    while (true) {
      if (raw(n) == raw(node)) return;
      if (pugi::xml_node next = n.next_sibling(); exists(next)) {
        n = next;
        break;
      }
      n = n.parent();
      --depth;
    }
  }
}

void leaf(const pugi::xml_node& node, int depth, Walk& walk) {
  if (!walk.within(depth)) return;
  for (pugi::xml_node c = node.first_child(); exists(c); c = c.next_sibling()) {
    if (*c.name() != '\0') scan_subtree(c, depth + 1, walk);
  }
}

int depth_of(const pugi::xml_node& node) {
  int depth = 0;
  for (pugi::xml_node n = node; exists(n) && n.type() == pugi::node_element; n = n.parent()) {
    ++depth;
  }
  return depth;
}

pugi::xml_node scanned_root(const pugi::xml_node& document, std::string_view name,
                            Message* message) {
  const pugi::xml_node root = child(document, name);
  if (!root) {
    message->problems.push_back(
        Problem{"/Document", "FF01", "no " + std::string(name) + " element", true});
    return root;
  }
  scan_fields(document, message);
  return root;
}

void scan_fields(const pugi::xml_node& root, Message* message) {
  // The root itself carries none of these fields; the depth was checked.
  Walk walk{message, std::numeric_limits<int>::max()};
  for (pugi::xml_node c = root.first_child(); exists(c); c = c.next_sibling()) {
    scan_subtree(c, 0, walk);
  }
}

}  // namespace internal

namespace {

using internal::descend;
using internal::text_of;

void parse_header(const pugi::xml_node& app_hdr, AppHeader* header) {
  header->present = true;
  header->from_bic = text_of(descend(app_hdr, {"Fr", "FIId", "FinInstnId", "BICFI"}));
  header->to_bic = text_of(descend(app_hdr, {"To", "FIId", "FinInstnId", "BICFI"}));
  header->business_message_id = text_of(child(app_hdr, "BizMsgIdr"));
  header->message_definition_id = text_of(child(app_hdr, "MsgDefIdr"));
}

}  // namespace

Message parse_message(std::string_view bytes, const Limits& limits) {
  Message message;
  LoadedXml xml;
  // The depth is checked here: outside the Document now, inside it by the
  // walk that reads it (one walk over the transactions instead of two).
  load_xml(bytes, limits, &xml, /*check_depth=*/false);
  if (!xml.ok()) {
    message.problems = std::move(xml.problems);
    return message;
  }
  const auto too_deep = [&] {
    message = Message();
    message.problems.push_back(too_deep_problem(limits.element_depth_max));
    return message;
  };
  Problems located;
  const MessageParts parts = locate_parts(xml.document, &located);
  if (!within_depth(xml.document, 0, limits.element_depth_max, parts.document)) return too_deep();
  message.problems = std::move(located);
  message.type = parts.type;
  if (!message.problems.empty()) {
    // The Document itself was not entered above.
    if (parts.document && !within_depth(parts.document, internal::depth_of(parts.document),
                                        limits.element_depth_max)) {
      return too_deep();
    }
    return message;
  }
  if (parts.app_hdr) {
    parse_header(parts.app_hdr, &message.header);
    internal::scan_fields(parts.app_hdr, &message);
  }
  const bool pacs =
      parts.type == MessageType::kPacs008v08 || parts.type == MessageType::kPacs009v08 ||
      parts.type == MessageType::kPacs004v09 || parts.type == MessageType::kPacs004v10;
  if (!pacs &&
      !within_depth(parts.document, internal::depth_of(parts.document), limits.element_depth_max)) {
    return too_deep();
  }
  switch (*parts.type) {
    case MessageType::kPacs008v08:
    case MessageType::kPacs009v08:
    case MessageType::kPacs004v09:
    case MessageType::kPacs004v10:
      // Enforces the depth limit under the Document as it reads it.
      if (!internal::parse_pacs(parts.document, *parts.type, limits, &message)) return too_deep();
      break;
    case MessageType::kCamt056v08:
    case MessageType::kCamt007v08:
    case MessageType::kCamt050v05:
    case MessageType::kPacs028v03:
    case MessageType::kCamt005v08:
      internal::parse_requests(parts.document, *parts.type, limits, &message);
      break;
    case MessageType::kPacs002v10:
    case MessageType::kCamt052v08:
    case MessageType::kCamt054v08:
    case MessageType::kCamt029v09:
    case MessageType::kAdmi002v01:
      // Types Corridor sends: read back for the round trip and `iso check`;
      // mapping refuses them from participants.
      if (parts.app_hdr) internal::parse_report_header(parts.app_hdr, &message);
      internal::parse_reports(parts.document, *parts.type, limits, &message);
      break;
    case MessageType::kHead001v02:
    case MessageType::kHead001v03:
      // A standalone business application header (no Document).
      internal::parse_report_header(parts.app_hdr, &message);
      break;
    default:
      message.problems.push_back(Problem{
          "/Document", "FF01",
          std::string(message_id(*parts.type)) + " is not a message Corridor accepts as input",
          true});
      break;
  }
  return message;
}

}  // namespace corridor::iso20022
