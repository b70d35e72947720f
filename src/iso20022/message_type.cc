#include "iso20022/message_type.h"

#include <array>
#include <cstdint>

namespace corridor::iso20022 {
namespace {

constexpr std::string_view kPrefix = "urn:iso:std:iso:20022:tech:xsd:";

constexpr std::array<std::string_view, static_cast<size_t>(MessageType::kCount)> kIds = {
    "head.001.001.02", "head.001.001.03", "pacs.008.001.08", "pacs.009.001.08", "pacs.004.001.09",
    "pacs.004.001.10", "pacs.002.001.10", "pacs.028.001.03", "camt.056.001.08", "camt.029.001.09",
    "camt.054.001.08", "camt.052.001.08", "camt.053.001.08", "camt.050.001.05", "camt.007.001.08",
    "camt.005.001.08", "camt.006.001.08", "camt.025.001.05", "admi.002.001.01",
};

// Namespaces as literals, so namespace_uri() can return a view of static storage.
constexpr std::array<std::string_view, static_cast<size_t>(MessageType::kCount)> kNamespaces = {
    "urn:iso:std:iso:20022:tech:xsd:head.001.001.02",
    "urn:iso:std:iso:20022:tech:xsd:head.001.001.03",
    "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08",
    "urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08",
    "urn:iso:std:iso:20022:tech:xsd:pacs.004.001.09",
    "urn:iso:std:iso:20022:tech:xsd:pacs.004.001.10",
    "urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10",
    "urn:iso:std:iso:20022:tech:xsd:pacs.028.001.03",
    "urn:iso:std:iso:20022:tech:xsd:camt.056.001.08",
    "urn:iso:std:iso:20022:tech:xsd:camt.029.001.09",
    "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08",
    "urn:iso:std:iso:20022:tech:xsd:camt.052.001.08",
    "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08",
    "urn:iso:std:iso:20022:tech:xsd:camt.050.001.05",
    "urn:iso:std:iso:20022:tech:xsd:camt.007.001.08",
    "urn:iso:std:iso:20022:tech:xsd:camt.005.001.08",
    "urn:iso:std:iso:20022:tech:xsd:camt.006.001.08",
    "urn:iso:std:iso:20022:tech:xsd:camt.025.001.05",
    "urn:iso:std:iso:20022:tech:xsd:admi.002.001.01",
};

}  // namespace

std::string_view message_id(MessageType type) {
  return kIds[static_cast<size_t>(type)];
}

std::string_view namespace_uri(MessageType type) {
  return kNamespaces[static_cast<size_t>(type)];
}

std::optional<MessageType> message_type_of_id(std::string_view id) {
  for (size_t i = 0; i < kIds.size(); ++i) {
    if (kIds[i] == id) return static_cast<MessageType>(i);
  }
  return std::nullopt;
}

bool corridor_sends(MessageType type) {
  switch (type) {
    case MessageType::kPacs002v10:
    case MessageType::kCamt052v08:
    case MessageType::kCamt053v08:
    case MessageType::kCamt054v08:
    case MessageType::kCamt029v09:
    case MessageType::kCamt025v05:
    case MessageType::kCamt006v08:
    case MessageType::kAdmi002v01:
      return true;
    default:
      return false;
  }
}

std::optional<MessageType> message_type_of_namespace(std::string_view uri) {
  if (!uri.starts_with(kPrefix)) return std::nullopt;
  return message_type_of_id(uri.substr(kPrefix.size()));
}

}  // namespace corridor::iso20022
