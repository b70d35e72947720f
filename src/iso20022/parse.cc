// parse_message: the entry point, the generic field scan and the AppHdr.
#include "iso20022/parse.h"

#include <cstring>

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
  // Identifiers and amounts are checked wherever the schema puts them
  // (charges, underlying customer transfers, headers ...). pugixml's traverse
  // is iterative; the names are told apart by their first letter before any
  // string comparison, as this runs on every element of every message.
  struct Scanner : pugi::xml_tree_walker {
    Message* message = nullptr;
    bool for_each(pugi::xml_node& node) override {
      if (node.type() != pugi::node_element) return true;
      const char* name = node.name();
      if (const char* colon = std::strchr(name, ':')) name = colon + 1;
      Check check;
      switch (name[0]) {
        case 'I':
          if (std::strcmp(name, "IBAN") == 0) check = check_iban(node.text().get());
          break;
        case 'B':
          if (std::strcmp(name, "BICFI") == 0) check = check_bic(node.text().get());
          break;
        case 'A':
          if (std::strcmp(name, "AnyBIC") == 0) check = check_bic(node.text().get());
          break;
        case 'U':
          if (std::strcmp(name, "UETR") == 0) check = check_uetr(node.text().get());
          break;
        case 'O':
          if (std::strcmp(name, "OrgnlUETR") == 0) check = check_uetr(node.text().get());
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
      return true;
    }
  } scanner;
  scanner.message = message;
  // traverse visits descendants only; the root itself carries none of these fields.
  pugi::xml_node start = root;
  start.traverse(scanner);
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
