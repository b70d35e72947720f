// The business application header (head.001.001.02) and the wrapper that
// carries it with its Document.
//
// Every message Corridor renders is
//
//   <?xml version="1.0" encoding="UTF-8"?>
//   <BusinessMessage>
//     <AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">...</AppHdr>
//     <Document xmlns="urn:iso:std:iso:20022:tech:xsd:<message id>">...</Document>
//   </BusinessMessage>
//
// `BusinessMessage` has no namespace and no schema: ISO 20022 defines none for
// the pair, and each network puts its own transport envelope around it (SWIFT
// FIN/InterAct, a scheme's XML envelope). Each part declares its own default
// namespace, so `xmllint --xpath` or any DOM can cut out AppHdr and Document
// and validate them separately; our own parser reads AppHdr + Document under
// any wrapper.
#pragma once

#include <string>

#include "core/types.h"
#include "iso20022/message_type.h"
#include "iso20022/xml_writer.h"

namespace corridor::iso20022 {

inline constexpr std::string_view kWrapperElement = "BusinessMessage";

struct HeaderInput {
  std::string from_bic;                 // Fr/FIId: Corridor's own BIC (the sender)
  std::string to_bic;                   // To/FIId: the participant addressed
  std::string business_message_id;      // BizMsgIdr; the Document's MsgId when it has one
  core::TimestampNs created_at_ns = 0;  // CreDt
  std::string business_service;         // BizSvc (optional), e.g. "swift.cbprplus.02"
  // A party named by clearing-system member id (ClrSysMmbId/MmbId), written
  // after its BIC when both are set. A party with neither is written as an
  // empty FinInstnId (schema-valid): a received header may name its parties
  // otherwise (OrgId), and read back that way it must render again.
  std::string from_member_id{};
  std::string to_member_id{};
  bool operator==(const HeaderInput&) const = default;
};

// <AppHdr xmlns=...>...</AppHdr> with MsgDefIdr = message_id(type).
void render_app_header(XmlWriter& writer, const HeaderInput& header, MessageType type);

// The XML declaration, <BusinessMessage>, the AppHdr and the opening
// <Document xmlns="..."> of `type`; the renderer writes the body and calls
// end_business_message().
void begin_business_message(XmlWriter& writer, const HeaderInput& header, MessageType type);
void end_business_message(XmlWriter& writer);

}  // namespace corridor::iso20022
