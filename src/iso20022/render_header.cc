#include "iso20022/render_header.h"

#include "iso20022/render_agent.h"

namespace corridor::iso20022 {

void render_app_header(XmlWriter& writer, const HeaderInput& header, MessageType type) {
  writer.open_with_namespace("AppHdr", namespace_uri(MessageType::kHead001v02));
  writer.open("Fr");
  agent_or_member(writer, "FIId", header.from_bic, header.from_member_id, true);
  writer.close("Fr");
  writer.open("To");
  agent_or_member(writer, "FIId", header.to_bic, header.to_member_id, true);
  writer.close("To");
  writer.text("BizMsgIdr", header.business_message_id, kMax35);
  writer.code("MsgDefIdr", message_id(type));
  writer.optional_text("BizSvc", header.business_service, kMax35);
  writer.datetime("CreDt", header.created_at_ns);
  writer.close("AppHdr");
}

void begin_business_message(XmlWriter& writer, const HeaderInput& header, MessageType type) {
  writer.declaration();
  writer.open(kWrapperElement);
  render_app_header(writer, header, type);
  writer.open_with_namespace("Document", namespace_uri(type));
}

void end_business_message(XmlWriter& writer) {
  writer.close("Document");
  writer.close(kWrapperElement);
  writer.buffer() += '\n';
}

}  // namespace corridor::iso20022
