#include "demo/fx_dns_setup.h"

#include <fmt/format.h>

#include <cstdint>

#include "core/reason.h"
#include "demo/demo_run.h"

namespace corridor::demo {
namespace {

journal::Engine::Outcome submit(journal::Engine& engine, core::CommandBody body) {
  return engine.submit_and_wait(
      journal::Submission{core::Bic(), core::InstructionId(), core::Command{0, std::move(body)}});
}

std::string why(const journal::Engine::Outcome& outcome) {
  return fmt::format("{} {}", core::iso_code(outcome.applied.result.reason),
                     core::reason_text(outcome.applied.result.reason));
}

}  // namespace

SetupCounts prepare_fx_and_dns(journal::Engine& engine, const TrafficModel& model) {
  SetupCounts counts;
  if (const std::optional<DemoFx>& fx = model.fx()) {
    const DemoBank& provider = model.banks()[fx->provider];
    for (const DemoQuote& q : fx->quotes) {
      bool held = false;
      engine.inspect([&](const journal::Machine& machine) {
        held = machine.core().find_quote(q.quote_id) != nullptr;
      });
      if (held) continue;  // a kept journal's, published by an earlier run
      core::PublishFxQuote quote;
      quote.quote_id = q.quote_id;
      quote.provider = provider.bic;
      quote.base_currency = model.currencies()[q.base].code;
      quote.quote_currency = model.currencies()[q.quote].code;
      quote.rate_units = q.rate_units;
      quote.rate_scale = q.rate_scale;
      quote.valid_from_ns = 0;
      quote.valid_to_ns = INT64_MAX;
      quote.max_base_amount_minor = q.max_base_amount_minor;
      const journal::Engine::Outcome out = submit(engine, quote);
      if (!out.applied.result.ok()) {
        throw DemoSetupError(fmt::format("FX quote {} not published: {}", q.quote_id, why(out)));
      }
      ++counts.quotes_published;
    }
  }
  for (const DemoBank& bank : model.banks()) {
    for (size_t a = 0; a < bank.currencies.size(); ++a) {
      const journal::Engine::Outcome out =
          submit(engine, core::SetNetDebitCap{bank.bic, bank.currencies[a],
                                              bank.liquidity_minor[a] / kDnsCapDivisor});
      if (!out.applied.result.ok()) {
        throw DemoSetupError(
            fmt::format("net debit cap of {} not set: {}", bank.bic_text, why(out)));
      }
      ++counts.caps_set;
    }
  }
  return counts;
}

std::vector<DnsCycleOutcome> settle_dns_cycles(journal::Engine& engine, const TrafficModel& model) {
  std::vector<DnsCycleOutcome> outcomes;
  for (size_t c = 0; c < model.currencies().size(); ++c) {
    const core::CurrencyCode code = model.currencies()[c].code;
    size_t open = 0;
    engine.inspect([&](const journal::Machine& machine) {
      const std::optional<core::CurrencyId> id = machine.core().find_currency(code);
      if (id) open = machine.core().dns_open_count(*id);
    });
    if (open == 0) continue;
    DnsCycleOutcome outcome;
    outcome.currency = c;
    const journal::Engine::Outcome out = submit(engine, core::SettleDnsCycle{code});
    outcome.settled = out.applied.result.ok();
    if (!outcome.settled) {
      outcome.reason = why(out);
      outcome.payment_count = open;
    } else {
      engine.inspect([&](const journal::Machine& machine) {
        const core::DnsCycleReport& r = machine.core().last_dns_report();
        outcome.payment_count = r.payment_count;
        outcome.gross_minor = r.gross_value_minor;
        outcome.fund_after_minor = r.fund_after_minor;
      });
    }
    outcomes.push_back(outcome);
  }
  return outcomes;
}

}  // namespace corridor::demo
