// `corridor iso render`'s JSON descriptions: every example in
// examples/iso20022 renders to a schema-valid message, and bad descriptions
// give errors that name the field.
#include "iso20022/render_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "iso20022/xml_writer.h"
#include "render_test_util.h"

namespace corridor::iso20022 {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(RenderJson, EveryExampleRendersSchemaValid) {
  int examples = 0;
  for (const auto& file : std::filesystem::directory_iterator(CORRIDOR_EXAMPLES_DIR)) {
    if (file.path().extension() != ".json") continue;
    SCOPED_TRACE(file.path().string());
    const std::string xml = render_from_json(read(file.path()));
    const std::string schema = testing::first_text(xml, "MsgDefIdr");
    testing::expect_schema_valid(xml, schema);
    ++examples;
  }
  EXPECT_GE(examples, 8);
}

std::string error_of(const std::string& json) {
  try {
    render_from_json(json);
  } catch (const RenderError& error) {
    return error.what();
  }
  return "(no error)";
}

const std::string kHeader =
    R"("header": {"from_bic": "CORRXXYYXXX", "to_bic": "BANKDEFFXXX",
        "business_message_id": "M1", "created_at_ns": 0})";

TEST(RenderJson, ErrorsNameTheFieldAndWhatIsWrong) {
  EXPECT_NE(error_of("{").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(error_of("[]"), "(top): expected an object");
  EXPECT_EQ(error_of(R"({"type": "pacs.002"})"), "header: missing");
  EXPECT_EQ(error_of(R"({"type": "pacs.008", )" + kHeader + "}"),
            "type: 'pacs.008' is not rendered; expected pacs.002, admi.002, camt.054, camt.053, "
            "camt.052, camt.029, camt.025 or camt.006");
  EXPECT_EQ(error_of(R"({"type": "admi.002", "colour": "red", )" + kHeader + "}"),
            "colour: unknown field");
  EXPECT_EQ(error_of(R"({"type": "pacs.002", "message_id": "S", "created_at_ns": "noon",
                       "original_message_id": "O", "transactions": [{"status": "settled"}], )" +
                     kHeader + "}"),
            "created_at_ns: expected an integer (no fraction, no quotes)");
  EXPECT_EQ(error_of(R"({"type": "pacs.002", "message_id": "S", "created_at_ns": 0,
                       "original_message_id": "O", "transactions": [{"status": "done"}], )" +
                     kHeader + "}"),
            "transactions[0].status: expected \"settled\", \"queued\" or \"rejected\"");
  EXPECT_EQ(error_of(R"({"type": "pacs.002", "message_id": "S", "created_at_ns": 0,
                       "original_message_id": "O",
                       "transactions": [{"status": "rejected", "reason": "ZZ99"}], )" +
                     kHeader + "}"),
            "transactions[0].reason: 'ZZ99' is neither a reason text nor an ISO reason code");
}

TEST(RenderJson, IntegersMustFitTheirField) {
  EXPECT_EQ(error_of(R"({"type": "camt.053", "message_id": "S", "created_at_ns": 0,
                       "statement_id": "S", "account": {"id": "A", "currency": "EUR"},
                       "value_date": 99999999999, "balance_open_minor": 0,
                       "balance_close_minor": 0, )" +
                     kHeader + "}"),
            "value_date: out of range (-2147483648 to 2147483647)");
  EXPECT_EQ(error_of(R"({"type": "camt.053", "message_id": "S", "created_at_ns": 0,
                       "statement_id": "S", "account": {"id": "A", "currency": "EUR"},
                       "value_date": 20261127, "sequence_number": -1, "balance_open_minor": 0,
                       "balance_close_minor": 0, )" +
                     kHeader + "}"),
            "sequence_number: out of range (0 to 18446744073709551615)");
}

TEST(RenderJson, RendererRefusalsComeBackAsErrors) {
  EXPECT_EQ(error_of(R"({"type": "camt.052", "message_id": "R", "created_at_ns": 0,
                       "report_id": "R", "account": {"id": "A", "currency": "EUR"},
                       "balance_minor": 0, "balance_at_ns": 0, )" +
                     kHeader + "}"),
            "an intraday balance needs its time");
  EXPECT_EQ(error_of(R"({"type": "admi.002", "header": {"from_bic": "corr", "to_bic": "BANKDEFFXXX",
                       "business_message_id": "M1", "created_at_ns": 0}})"),
            "'corr' is not a BIC (ISO 9362)");
}

}  // namespace
}  // namespace corridor::iso20022
