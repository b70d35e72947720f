// pacs.002.001.10 payment status report and admi.002.001.01 message reject.
#include <string>

#include "iso20022/render.h"
#include "iso20022/render_agent.h"

namespace corridor::iso20022 {
namespace {

// What a pacs.002 takes around its transactions, and per transaction with
// room for a reason: enough that rendering reallocates no more.
constexpr size_t kPacs002HeadBytes = 1'536;
constexpr size_t kPacs002TransactionBytes = 512;

void check_uetr(std::string_view uetr) {
  if (!is_uetr(uetr)) throw RenderError("'" + std::string(uetr) + "' is not a UETR (UUID v4)");
}

// "insufficient funds: debtor account 42", cut by the writer to Max105Text.
void reason_information(XmlWriter& w, std::string_view element, core::Reason reason,
                        std::string_view detail) {
  if (reason == core::Reason::kNone) throw RenderError("a rejection needs a reason");
  w.open(element);
  w.open("Rsn");
  w.code("Cd", core::iso_code(reason));
  w.close("Rsn");
  std::string text(core::reason_text(reason));
  if (!detail.empty()) {
    text += ": ";
    text += detail;
  }
  w.text("AddtlInf", text, kMax105);
  w.close(element);
}

// A reason as a received report carried it: Cd or Prtry, and AddtlInf.
void reason_as_sent(XmlWriter& w, std::string_view element, const ReasonInput& reason) {
  w.open(element);
  w.open("Rsn");
  w.text(reason.proprietary ? "Prtry" : "Cd", reason.code, kMax35);
  w.close("Rsn");
  w.optional_text("AddtlInf", reason.additional_info, kMax105);
  w.close(element);
}

}  // namespace

std::string_view status_code(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::kSettled:
      return "ACSC";
    case PaymentStatus::kQueued:
      return "ACSP";
    case PaymentStatus::kRejected:
      return "RJCT";
  }
  return "RJCT";
}

PaymentStatus status_of(core::Outcome outcome) {
  switch (outcome) {
    case core::Outcome::kQueued:
      return PaymentStatus::kQueued;
    case core::Outcome::kRejected:
      return PaymentStatus::kRejected;
    case core::Outcome::kApplied:
    case core::Outcome::kSettled:
      return PaymentStatus::kSettled;
  }
  return PaymentStatus::kRejected;
}

void render_pacs002(const HeaderInput& header, const StatusReportInput& report, std::string& out) {
  // One allocation up front instead of a dozen as a 100-transaction report
  // grows (a settled transaction takes about 300 bytes).
  out.reserve(out.size() + kPacs002HeadBytes +
              kPacs002TransactionBytes * report.transactions.size());
  XmlWriter w(out);
  begin_business_message(w, header, MessageType::kPacs002v10);
  w.open("FIToFIPmtStsRpt");

  w.open("GrpHdr");
  w.text("MsgId", report.message_id, kMax35);
  w.datetime("CreDtTm", report.created_at_ns);
  if (!report.instructing_agent_bic.empty()) w.agent("InstgAgt", report.instructing_agent_bic);
  if (!report.instructed_agent_bic.empty()) w.agent("InstdAgt", report.instructed_agent_bic);
  w.close("GrpHdr");

  if (!report.original_message_id.empty()) {
    w.open("OrgnlGrpInfAndSts");
    w.text("OrgnlMsgId", report.original_message_id, kMax35);
    w.text("OrgnlMsgNmId", report.original_message_name_id, kMax35);
    if (report.original_created_at_ns != 0) {
      w.datetime("OrgnlCreDtTm", report.original_created_at_ns);
    }
    if (report.group_status == "-") {
      // A received report without GrpSts (it is optional): none written.
    } else if (!report.group_status.empty()) {
      w.text("GrpSts", report.group_status, 4);  // as a received report sent it
    } else if (!report.transactions.empty()) {
      w.number("OrgnlNbOfTxs", report.transactions.size());
      const PaymentStatus first = report.transactions.front().status;
      bool mixed = false;
      for (const StatusTransaction& tx : report.transactions) mixed |= tx.status != first;
      w.code("GrpSts", mixed ? std::string_view("PART") : status_code(first));
    }
    w.close("OrgnlGrpInfAndSts");
  }

  for (const StatusTransaction& tx : report.transactions) {
    w.open("TxInfAndSts");
    if (!tx.original_message_id.empty()) {
      w.open("OrgnlGrpInf");
      w.text("OrgnlMsgId", tx.original_message_id, kMax35);
      w.text("OrgnlMsgNmId",
             tx.original_message_name_id.empty() ? report.original_message_name_id
                                                 : tx.original_message_name_id,
             kMax35);
      if (tx.original_created_at_ns != 0) w.datetime("OrgnlCreDtTm", tx.original_created_at_ns);
      w.close("OrgnlGrpInf");
    }
    w.optional_text("OrgnlInstrId", tx.original_instruction_id, kMax35);
    w.optional_text("OrgnlEndToEndId", tx.original_end_to_end_id, kMax35);
    w.optional_text("OrgnlTxId", tx.original_transaction_id, kMax35);
    if (!tx.uetr.empty()) {
      check_uetr(tx.uetr);
      w.code("OrgnlUETR", tx.uetr);
    }
    if (tx.other_status == "-") {
      // A received report without TxSts (it is optional): none written.
    } else if (!tx.other_status.empty()) {
      w.text("TxSts", tx.other_status, 4);
    } else {
      w.code("TxSts", status_code(tx.status));
    }
    if (!tx.reason_as_sent.empty()) {
      reason_as_sent(w, "StsRsnInf", tx.reason_as_sent);
      if (tx.accepted_at_ns != 0) w.datetime("AccptncDtTm", tx.accepted_at_ns);
    } else if (tx.status == PaymentStatus::kRejected && tx.other_status.empty()) {
      reason_information(w, "StsRsnInf", tx.reason, tx.reason_detail);
    } else if (tx.accepted_at_ns != 0) {
      w.datetime("AccptncDtTm", tx.accepted_at_ns);
    }
    if (tx.status == PaymentStatus::kSettled && tx.settled_at_ns != 0) {
      w.open("FctvIntrBkSttlmDt");
      w.datetime("DtTm", tx.settled_at_ns);
      w.close("FctvIntrBkSttlmDt");
    } else if (tx.settlement_date != 0) {
      w.open("FctvIntrBkSttlmDt");
      w.date("Dt", tx.settlement_date);
      w.close("FctvIntrBkSttlmDt");
    }
    w.optional_text("ClrSysRef", tx.clearing_system_reference, kMax35);
    if (!tx.instructing_agent.empty()) {
      agent_or_member(w, "InstgAgt", tx.instructing_agent.bic, tx.instructing_agent.member_id);
    }
    if (!tx.instructed_agent.empty()) {
      agent_or_member(w, "InstdAgt", tx.instructed_agent.bic, tx.instructed_agent.member_id);
    }
    w.close("TxInfAndSts");
  }

  w.close("FIToFIPmtStsRpt");
  end_business_message(w);
}

void render_admi002(const HeaderInput& header, const MessageRejectInput& reject, std::string& out) {
  XmlWriter w(out);
  begin_business_message(w, header, MessageType::kAdmi002v01);
  w.open("admi.002.001.01");
  w.open("RltdRef");
  w.text("Ref", reject.related_reference.empty() ? "NONREF" : reject.related_reference, kMax35);
  w.close("RltdRef");
  w.open("Rsn");
  w.text("RjctgPtyRsn", reject.reason_code.empty() ? "FF01" : reject.reason_code, kMax35);
  if (reject.rejected_at_ns != 0) w.datetime("RjctnDtTm", reject.rejected_at_ns);
  w.optional_text("ErrLctn", reject.element_path, kMax350);
  std::string description = reject.description;
  if (!reject.element_path.empty()) {
    description += description.empty() ? "at " : " (at ";
    description += reject.element_path;
    if (!reject.description.empty()) description += ')';
  }
  w.optional_text("RsnDesc", description, kMax350);
  w.optional_text("AddtlData", reject.additional_data, kMax20000);
  w.close("Rsn");
  w.close("admi.002.001.01");
  end_business_message(w);
}

}  // namespace corridor::iso20022
