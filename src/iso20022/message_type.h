// The ISO 20022 message definitions Corridor reads and writes, and how a
// document's namespace names them (urn:iso:std:iso:20022:tech:xsd:<id>).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace corridor::iso20022 {

enum class MessageType : uint8_t {
  kHead001v02,  // business application header
  kHead001v03,
  kPacs008v08,  // FI to FI customer credit transfer
  kPacs009v08,  // financial institution credit transfer (and its cover variant)
  kPacs004v09,  // payment return
  kPacs004v10,
  kPacs002v10,  // FI to FI payment status report
  kPacs028v03,  // FI to FI payment status request
  kCamt056v08,  // FI to FI payment cancellation request
  kCamt029v09,  // resolution of investigation
  kCamt054v08,  // bank to customer debit credit notification
  kCamt052v08,  // bank to customer account report (intraday)
  kCamt053v08,  // bank to customer statement (end of day)
  kCamt050v05,  // liquidity credit transfer
  kCamt007v08,  // modify transaction
  kCamt005v08,  // get transaction
  kCamt006v08,  // return transaction
  kCamt025v05,  // receipt
  kAdmi002v01,  // message reject
  kCount,
};

// "pacs.008.001.08"
std::string_view message_id(MessageType type);
// The document namespace, "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08".
std::string_view namespace_uri(MessageType type);
// The type a namespace names, or nullopt for one Corridor does not handle.
std::optional<MessageType> message_type_of_namespace(std::string_view uri);
// The type a message id ("pacs.008.001.08") names.
std::optional<MessageType> message_type_of_id(std::string_view id);
// The types Corridor sends and never takes from a participant: pacs.002,
// camt.052/053/054, camt.029, camt.025, camt.006, admi.002.
bool corridor_sends(MessageType type);

}  // namespace corridor::iso20022
