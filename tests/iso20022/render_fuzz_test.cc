// Whatever bytes the texts hold (any length, markup, control characters,
// invalid UTF-8), the rendered messages stay schema-valid: the writer escapes,
// replaces and cuts, never passes through. Deterministic: a fixed seed.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "iso20022/render.h"
#include "render_test_util.h"

namespace corridor::iso20022 {
namespace {

using testing::kAtNs;

class RandomText {
 public:
  explicit RandomText(uint32_t seed) : engine_(seed) {}
  // 1 to 400 bytes, biased towards the bytes that need care.
  std::string operator()() {
    static constexpr std::string_view kTricky =
        "&<>\"'\t\r\n\x01\x1f\x7f\xc3\xa9\xe2\x82\xac\xff\xed\xa0";
    std::uniform_int_distribution<int> length(1, 400);
    std::uniform_int_distribution<int> pick(0, 3);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<size_t> tricky(0, kTricky.size() - 1);
    std::string text(static_cast<size_t>(length(engine_)), ' ');
    for (char& c : text) {
      const int kind = pick(engine_);
      c = kind == 0   ? static_cast<char>(byte(engine_))
          : kind == 1 ? kTricky[tricky(engine_)]
                      : static_cast<char>('a' + kind);
    }
    return text;
  }

 private:
  std::mt19937 engine_;
};

TEST(RenderFuzz, RandomTextsInEveryTextFieldStaySchemaValid) {
  RandomText text(20261127);
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE(round);
    const HeaderInput header{"CORRXXYYXXX", "BANKDEFFXXX", text(), kAtNs, text()};

    StatusTransaction tx;
    tx.original_instruction_id = text();
    tx.original_end_to_end_id = text();
    tx.original_transaction_id = text();
    tx.status = PaymentStatus::kRejected;
    tx.reason = core::Reason::kInsufficientFunds;
    tx.reason_detail = text();
    tx.clearing_system_reference = text();
    StatusReportInput report{text(), kAtNs, "", "", text(), text(), 0, {tx}};
    std::string xml;
    render_pacs002(header, report, xml);
    testing::expect_schema_valid(xml, "pacs.002.001.10");

    MessageRejectInput reject{text(), text(), kAtNs, text(), text(), text()};
    xml.clear();
    render_admi002(header, reject, xml);
    testing::expect_schema_valid(xml, "admi.002.001.01");

    EntryInput e;
    e.amount_minor = 1 + round;
    e.currency = "KWD";
    e.value_date = 20261127;
    e.entry_reference = text();
    e.account_servicer_reference = text();
    e.message_id = text();
    e.instruction_id = text();
    e.end_to_end_id = text();
    e.transaction_id = text();
    NotificationInput notification{text(), kAtNs, text(), AccountInput{text(), "KWD", "", ""}, {e}};
    xml.clear();
    render_camt054(header, notification, xml);
    testing::expect_schema_valid(xml, "camt.054.001.08");
  }
}

}  // namespace
}  // namespace corridor::iso20022
