#include "test_scenarios.h"

namespace corridor::sim::testing {

std::string small_day_toml() {
  return R"(
[scenario]
name = "small day"
value_date = 2026-11-27
day_start = 08:00:00
day_end = 16:00:00

[[currency]]
code = "EUR"
minor_units = 2

[[central_bank]]
bic = "ECBKDEFF"
currency = "EUR"

[[bank]]
bic = "BANKAAFF"
weight = 4
accounts = [{ currency = "EUR", opening_liquidity_major = 40_000, credit_line_major = 10_000 }]

[[bank]]
bic = "BANKBBFF"
weight = 3
accounts = [{ currency = "EUR", opening_liquidity_major = 20_000 }]

[[bank]]
bic = "BANKCCFF"
weight = 2
accounts = [{ currency = "EUR", opening_liquidity_major = 10_000 }]

[[bank]]
bic = "BANKDDFF"
weight = 1
accounts = [{ currency = "EUR", opening_liquidity_major = 5_000 }]

[payments]
count = 2_000
seed = 7
highly_urgent_percent = 2
urgent_percent = 8
cycle_percent = 50
timed_percent = 10
timed_window_minutes = 60
arrival_weights_per_hour = [3, 6, 8, 6, 4, 5, 7, 4]

[[payments.currency]]
code = "EUR"
amount_unit_major = 100
decade_up_percent = 30
decades_max = 2

[gridlock]
algorithm = "partial"
interval_minutes = 30
)";
}

std::string scenario_day() {
  return "\n[scenario]\nvalue_date = 2026-11-27\nday_start = 08:00:00\nday_end = 16:00:00\n";
}

std::string payment_toml(const char* from, const char* to, const char* currency,
                         int64_t amount_minor, const char* at, const std::string& extra) {
  std::string text = std::string("[[payment]]\nfrom = \"") + from + "\"\nto = \"" + to +
                     "\"\ncurrency = \"" + currency +
                     "\"\namount_minor = " + std::to_string(amount_minor) + "\nat = " + at + "\n";
  if (!extra.empty()) text += extra + "\n";
  return text;
}

Scenario small_day() {
  return parse_scenario(small_day_toml(), "small-day.toml");
}

std::string example_path(const std::string& file_name) {
  return std::string(CORRIDOR_EXAMPLES_DIR) + "/" + file_name;
}

std::string test_data_path(const std::string& file_name) {
  return std::string(CORRIDOR_TEST_DATA_DIR) + "/" + file_name;
}

std::string parse_error(const std::string& toml_text) {
  try {
    parse_scenario(toml_text, "test.toml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace corridor::sim::testing
