// parse_message: the entry point, the generic field scan and the AppHdr.
#include "iso20022/parse.h"

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

std::string text_of(const pugi::xml_node& node) {
  std::string_view text = node.text().get();
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' ||
                           text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return std::string(text);
}

pugi::xml_node descend(pugi::xml_node node, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (!node) return {};
    node = child(node, name);
  }
  return node;
}

void scan_fields(const pugi::xml_node& root, Message* message) {
  // Iterative pre-order walk: identifiers and amounts are checked wherever the
  // schema puts them (charges, underlying customer transfers, headers ...).
  pugi::xml_node node = root;
  while (node) {
    if (node.type() == pugi::node_element) {
      const std::string_view name = local_name(node);
      Check check;
      if (name == "IBAN") {
        check = check_iban(node.text().get());
      } else if (name == "BICFI" || name == "AnyBIC") {
        check = check_bic(node.text().get());
      } else if (name == "UETR" || name == "OrgnlUETR") {
        check = check_uetr(node.text().get());
      } else if (pugi::xml_attribute ccy = node.attribute("Ccy")) {
        core::AmountMinor amount_minor;
        core::CurrencyCode code;
        check = parse_amount(node.text().get(), ccy.value(), &amount_minor, &code);
      }
      if (!check.ok()) add_problem(message, node, check.code, std::move(check.text));
    }
    if (node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && node != root && !node.next_sibling()) node = node.parent();
    if (!node || node == root) break;
    node = node.next_sibling();
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
  load_xml(bytes, limits, &xml);
  if (!xml.ok()) {
    message.problems = std::move(xml.problems);
    return message;
  }
  const MessageParts parts = locate_parts(xml.document, &message.problems);
  message.type = parts.type;
  if (!message.problems.empty()) return message;
  if (parts.app_hdr) {
    parse_header(parts.app_hdr, &message.header);
    internal::scan_fields(parts.app_hdr, &message);
  }
  switch (*parts.type) {
    case MessageType::kPacs008v08:
    case MessageType::kPacs009v08:
    case MessageType::kPacs004v09:
    case MessageType::kPacs004v10:
      internal::parse_pacs(parts.document, *parts.type, limits, &message);
      break;
    case MessageType::kCamt056v08:
    case MessageType::kCamt007v08:
    case MessageType::kCamt050v05:
    case MessageType::kPacs028v03:
    case MessageType::kCamt005v08:
      internal::parse_requests(parts.document, *parts.type, limits, &message);
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
