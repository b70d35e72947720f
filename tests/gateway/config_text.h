// A small valid service configuration for tests, and edits of it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace corridor::gateway::testing {

// Two currencies, their central banks, three direct banks (one in both
// currencies) and one indirect participant.
inline const std::string kSmallConfig = R"([service]
system_bic = "CRDRCHZ0"
journal_dir = "journal"
value_date = 2026-11-30

[[currency]]
code = "CNY"

[[currency]]
code = "RUB"
minor_units = 2

[[participant]]
bic = "CBCNCNB0"
name = "CNY central bank"
kind = "central_bank"
home_currency = "CNY"

[[participant]]
bic = "CBRURUM0"
name = "RUB central bank"
kind = "central_bank"
home_currency = "RUB"

[[participant]]
bic = "LTSBCNB0"
name = "Lotus Bank"
kind = "direct"
accounts = [{ currency = "CNY", opening_balance = "1000.50", credit_line = "200" }]

[[participant]]
bic = "BERZRUM0XXX"
name = "Bereza Bank"
kind = "direct"
accounts = [{ currency = "RUB", opening_balance = "5000.00", multilateral_limit = "300.00" }]

[[participant]]
bic = "SILKCNB0"
name = "Silk Road Bank"
kind = "direct"
home_currency = "CNY"
accounts = [{ currency = "CNY", opening_balance = "0.01" },
            { currency = "RUB", opening_balance = "70", credit_line = "10.00", bilateral_limits = [{ counterparty = "BERZRUM0", limit = "25.00" }] }]

[[participant]]
bic = "BAMBCNS0"
name = "Bamboo Rural Bank"
kind = "indirect"
settlement_bank = "LTSBCNB0"
)";

// `text` with the first `from` replaced by `to`; throws if `from` is absent, so a
// stale edit cannot pass as a parse error.
inline std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const size_t at = text.find(from);
  if (at == std::string::npos)
    throw std::logic_error("edit target not found: " + std::string(from));
  text.replace(at, from.size(), to);
  return text;
}

}  // namespace corridor::gateway::testing
