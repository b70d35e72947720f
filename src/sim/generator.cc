#include "sim/generator.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/fx_rate.h"
#include "sim/virtual_time.h"

namespace corridor::sim {
namespace {

constexpr int64_t kSecondsPerHour = 3600;
constexpr uint64_t kZipfWeight = 1'000'000;  // weight of the first bank of a scale-free network
constexpr int64_t kNsPerMinute = 60 * kNsPerSecond;

// Someone who can send or receive in one currency; `group` identifies the
// settlement account (its bank), since a payment needs two different accounts.
struct Party {
  core::Bic bic;
  size_t group = 0;
  uint64_t weight = 0;
  bool core = true;  // in the core of a core-periphery network (everyone, otherwise)
};

std::vector<Party> parties_in(const Scenario& scenario, const core::CurrencyCode& currency) {
  std::vector<Party> parties;
  for (size_t b = 0; b < scenario.banks.size(); ++b) {
    const BankSpec& bank = scenario.banks[b];
    const bool has_account =
        std::any_of(bank.accounts.begin(), bank.accounts.end(),
                    [&](const AccountSpec& a) { return a.currency == currency; });
    if (!has_account) continue;
    const GenerationSpec& g = scenario.generation;
    const bool core = g.network != Network::kCorePeriphery || b < g.core_banks;
    const uint64_t weight = g.network == Network::kScaleFree ? kZipfWeight / (b + 1) : bank.weight;
    parties.push_back(Party{bank.bic, b, weight, core});
    for (const IndirectSpec& indirect : scenario.indirects) {
      if (indirect.settlement_bank == bank.bic) {
        parties.push_back(Party{indirect.bic, b, indirect.weight, core});
      }
    }
  }
  return parties;
}

core::InstructionId instruction_id(std::string_view prefix, uint64_t number) {
  core::InstructionId id;
  id.assign(fmt::format("{}{:010}", prefix, number));  // at most 13 characters: always fits
  return id;
}

class Generator {
 public:
  Generator(const Scenario& scenario, std::vector<PlannedPayment>* out)
      : s_(scenario),
        g_(scenario.generation),
        out_(*out),
        rng_(stream_seed(g_.seed, kStreamPayments)),
        uetrs_(stream_seed(g_.seed, kStreamUetrs)),
        day_start_ns_(timestamp_ns(s_.value_date, s_.day_start_seconds)),
        day_end_ns_(timestamp_ns(s_.value_date, s_.day_end_seconds)) {
    for (const CurrencyFlowSpec& flow : g_.flows) {
      flow_weights_.push_back(flow.weight);
      std::vector<Party> parties = parties_in(s_, flow.currency);
      std::vector<uint64_t> weights;
      for (const Party& p : parties) weights.push_back(p.weight);
      std::vector<size_t> groups;
      std::vector<size_t> core_groups;
      for (const Party& p : parties) {
        if (p.weight > 0 && std::find(groups.begin(), groups.end(), p.group) == groups.end()) {
          groups.push_back(p.group);
          if (p.core) core_groups.push_back(p.group);
        }
      }
      // A cycle of three needs three accounts, and in a core-periphery network
      // at least two of them in the core (every leg has a core party).
      positive_groups_.push_back(
          g_.network == Network::kCorePeriphery && core_groups.size() < 2 ? 0 : groups.size());
      core_groups_.push_back(core_groups.size());
      parties_.push_back(std::move(parties));
      party_weights_.push_back(std::move(weights));
      // The quotes a payment in this flow's currency may go through, each with
      // the creditors it can reach (parties settling in the quote currency,
      // not on the provider's own account there: the core refuses those, AG01).
      std::vector<FxRoute> routes;
      for (size_t q = 0; q < s_.fx_providers.size(); ++q) {
        const FxProviderSpec& fx = s_.fx_providers[q];
        if (fx.base != flow.currency || g_.cross_currency_ppm == 0) continue;
        FxRoute route;
        route.provider = q;
        route.provider_group = group_of(fx.bic);
        for (const Party& p : parties_in(s_, fx.quote)) {
          if (p.group == route.provider_group || p.weight == 0) continue;
          route.creditors.push_back(p);
          route.weights.push_back(p.weight);
        }
        if (!route.creditors.empty()) routes.push_back(std::move(route));
      }
      routes_.push_back(std::move(routes));
    }
  }

  void explicit_payments() {
    for (const PaymentSpec& spec : s_.payments) {
      PlannedPayment p;
      p.at_ns = timestamp_ns(s_.value_date, spec.at_seconds);
      p.sequence = out_.size();
      core::SubmitPayment& c = p.command;
      c.uetr = draw_uetr(&uetrs_);
      if (spec.instruction_id.empty()) {
        c.instruction_id = instruction_id("PAY", out_.size() + 1);
      } else {
        c.instruction_id.assign(spec.instruction_id);  // at most 35 characters: validated
      }
      c.debtor_agent = spec.from;
      c.creditor_agent = spec.to;
      c.currency = spec.currency;
      c.amount_minor = spec.amount_minor;
      c.priority = spec.priority;
      if (spec.earliest_seconds)
        c.earliest_ns = timestamp_ns(s_.value_date, *spec.earliest_seconds);
      if (spec.latest_seconds) c.latest_ns = timestamp_ns(s_.value_date, *spec.latest_seconds);
      if (spec.settlement_currency) {
        // Validated: a provider quotes the pair. A conversion that rounds to
        // nothing is left to the core to reject (AM09), as it would be live.
        const size_t provider = *s_.find_fx_provider(spec.currency, *spec.settlement_currency);
        if (!make_cross_currency(s_, provider, &p)) {
          p.fx_quote_id = provider + 1;
          p.fx_provider = s_.fx_providers[provider].bic;
          p.settlement_currency = *spec.settlement_currency;
        }
      }
      out_.push_back(p);
    }
  }

  void generated_payments() {
    if (g_.flows.empty()) return;
    // The draw order below is part of the determinism contract: changing it
    // changes every scenario's figures.
    uint64_t made = 0;
    while (made < g_.count) {
      const size_t f = rng_.weighted(flow_weights_);
      const uint64_t left = g_.count - made;
      size_t legs = 1;
      if (g_.cycle_percent > 0 && left >= 2 && rng_.percent(g_.cycle_percent)) {
        legs = left >= 3 && positive_groups_[f] >= 3 && rng_.below(2) == 1 ? 3 : 2;
      }
      draw_parties(f, legs == 1 ? 2 : legs);
      const core::AmountMinor amount_minor = draw_amount(g_.flows[f]);
      // One payment from party 0 to party 1, or a cycle 0 -> 1 (-> 2) -> 0,
      // each leg at its own time.
      if (legs == 1 && !routes_[f].empty() &&
          rng_.below(kPartsPerMillion) < g_.cross_currency_ppm) {
        ++made;
        emit_cross_currency(f, parties_[f][picked_[0]], amount_minor, made);
        continue;
      }
      for (size_t leg = 0; leg < legs; ++leg) {
        const Party& from = parties_[f][picked_[leg]];
        const Party& to = parties_[f][picked_[(leg + 1) % picked_.size()]];
        ++made;
        emit(from, to, g_.flows[f].currency, amount_minor, made);
      }
    }
  }

 private:
  // `n` parties on n different accounts, drawn by weight; the whole draw is
  // repeated while two share an account, so P(parties) is proportional to the
  // product of their weights: symmetric, so no bank drifts into being a net
  // payer just for being large. Terminates: validation guarantees two
  // accounts with positive weight, and cycles of 3 need three.
  void draw_parties(size_t f, size_t n) {
    const std::vector<Party>& parties = parties_[f];
    bool distinct = false;
    while (!distinct) {
      picked_.clear();
      for (size_t i = 0; i < n; ++i) picked_.push_back(rng_.weighted(party_weights_[f]));
      distinct = true;
      for (size_t i = 0; i < n && distinct; ++i) {
        for (size_t j = i + 1; j < n && distinct; ++j) {
          distinct = parties[picked_[i]].group != parties[picked_[j]].group;
        }
      }
      // Core-periphery: every leg (i -> i+1, around the cycle) has a core party.
      for (size_t i = 0; i < n && distinct && g_.network == Network::kCorePeriphery; ++i) {
        distinct = parties[picked_[i]].core || parties[picked_[(i + 1) % n]].core;
      }
    }
  }

  // A payment from `from` in flow f's currency to a creditor in another
  // currency, through a quote drawn uniformly among the flow's routes; the
  // creditor drawn by weight among those the route reaches, again while it
  // settles on the debtor's own bank (a bounded number of times). The amount
  // is capped at the quote's maximum per payment. Falls back to an ordinary
  // payment to a party of the same currency when no creditor or conversion
  // fits, so the payment count stays as asked.
  void emit_cross_currency(size_t f, const Party& from, core::AmountMinor amount_minor,
                           uint64_t number) {
    const FxRoute& route = routes_[f][rng_.below(routes_[f].size())];
    const FxProviderSpec& fx = s_.fx_providers[route.provider];
    const Party* to = nullptr;
    if (from.group != route.provider_group) {
      for (int attempt = 0; attempt < 16 && to == nullptr; ++attempt) {
        const Party& candidate = route.creditors[rng_.weighted(route.weights)];
        if (candidate.group != from.group) to = &candidate;
      }
    }
    const size_t before = out_.size();
    if (to != nullptr) {
      emit(from, *to, fx.base, std::min(amount_minor, fx.max_per_payment_minor), number);
      if (make_cross_currency(s_, route.provider, &out_.back())) return;
      out_.resize(before);
    }
    emit(from, parties_[f][picked_[1]], g_.flows[f].currency, amount_minor, number);
  }

  // The bank (index) whose accounts a participant settles on.
  size_t group_of(const core::Bic& bic) const {
    const BankSpec* bank = s_.settlement_bank_of(bic);
    return bank == nullptr ? static_cast<size_t>(-1) : static_cast<size_t>(bank - s_.banks.data());
  }

  void emit(const Party& from, const Party& to, const core::CurrencyCode& currency,
            core::AmountMinor amount_minor, uint64_t number) {
    PlannedPayment p;
    p.sequence = out_.size();
    core::SubmitPayment& c = p.command;
    c.debtor_agent = from.bic;
    c.creditor_agent = to.bic;
    c.currency = currency;
    c.amount_minor = amount_minor;
    c.priority = draw_priority();
    p.at_ns = draw_arrival_ns();
    if (g_.timed_percent > 0 && rng_.percent(g_.timed_percent)) draw_times(p.at_ns, &c);
    c.uetr = draw_uetr(&uetrs_);
    c.instruction_id = instruction_id("SIM", number);
    out_.push_back(p);
  }

  // mantissa (1..9) * unit * 10^k, k geometric and capped: most payments are
  // small, a few are orders of magnitude larger (validated not to overflow).
  core::AmountMinor draw_amount(const CurrencyFlowSpec& flow) {
    core::AmountMinor amount = (1 + static_cast<int64_t>(rng_.below(9))) * flow.amount_unit_minor;
    for (uint32_t k = 0; k < flow.decades_max && rng_.percent(flow.decade_up_percent); ++k) {
      amount *= 10;
    }
    return amount;
  }

  core::Priority draw_priority() {
    const uint64_t r = rng_.below(100);
    if (r < g_.highly_urgent_percent) return core::Priority::kHighlyUrgent;
    if (r < g_.highly_urgent_percent + g_.urgent_percent) return core::Priority::kUrgent;
    return core::Priority::kNormal;
  }

  // Uniform within an hour picked by weight (the last hour may be partial),
  // or uniform over the whole day when no weights are given.
  core::TimestampNs draw_arrival_ns() {
    if (g_.arrival_weights_per_hour.empty()) {
      return day_start_ns_ + static_cast<int64_t>(rng_.below(day_end_ns_ - day_start_ns_));
    }
    const size_t hour = rng_.weighted(g_.arrival_weights_per_hour);
    const core::TimestampNs hour_start_ns =
        day_start_ns_ + static_cast<int64_t>(hour) * kSecondsPerHour * kNsPerSecond;
    const core::TimestampNs hour_end_ns =
        std::min(hour_start_ns + kSecondsPerHour * kNsPerSecond, day_end_ns_);
    return hour_start_ns + static_cast<int64_t>(rng_.below(hour_end_ns - hour_start_ns));
  }

  // An earliest time, a latest time, or both, within the timed window after arrival.
  void draw_times(core::TimestampNs at_ns, core::SubmitPayment* c) {
    const uint64_t window_ns = static_cast<uint64_t>(g_.timed_window_minutes * kNsPerMinute);
    switch (rng_.below(3)) {
      case 0:
        c->earliest_ns = at_ns + 1 + static_cast<int64_t>(rng_.below(window_ns));
        break;
      case 1:
        // At least a minute, so it is not rejected before it could try.
        c->latest_ns = at_ns + kNsPerMinute + static_cast<int64_t>(rng_.below(window_ns));
        break;
      default:
        c->earliest_ns = at_ns + 1 + static_cast<int64_t>(rng_.below(window_ns / 2));
        c->latest_ns =
            c->earliest_ns + kNsPerMinute + static_cast<int64_t>(rng_.below(window_ns / 2));
        break;
    }
  }

  const Scenario& s_;
  const GenerationSpec& g_;
  std::vector<PlannedPayment>& out_;
  Prng rng_;
  Prng uetrs_;
  core::TimestampNs day_start_ns_;
  core::TimestampNs day_end_ns_;
  std::vector<uint64_t> flow_weights_;
  std::vector<std::vector<Party>> parties_;
  std::vector<std::vector<uint64_t>> party_weights_;
  std::vector<size_t> positive_groups_;  // by flow: accounts with a positive weight
  std::vector<size_t> core_groups_;      // by flow: core accounts with a positive weight
  std::vector<size_t> picked_;           // indices into parties_[f] of the current draw
  struct FxRoute {
    size_t provider = 0;        // index into Scenario::fx_providers
    size_t provider_group = 0;  // the bank whose accounts the provider settles on
    std::vector<Party> creditors;
    std::vector<uint64_t> weights;
  };
  std::vector<std::vector<FxRoute>> routes_;  // by flow
};

}  // namespace

uint64_t stream_seed(uint64_t seed, uint64_t stream) {
  uint64_t state = seed ^ (stream * 0xD1B54A32D192ED03ull);
  return splitmix64(&state);
}

core::Uetr draw_uetr(Prng* prng) {
  const uint64_t high = prng->next();
  const uint64_t low = prng->next();
  return core::Uetr::from_bits(high, low);
}

core::CommandBody PlannedPayment::submission() const {
  if (!cross_currency()) return command;
  core::SubmitCrossCurrencyPayment x;
  x.uetr = command.uetr;
  x.instruction_id = command.instruction_id;
  x.debtor_agent = command.debtor_agent;
  x.creditor_agent = command.creditor_agent;
  x.instructed_currency = command.currency;
  x.instructed_amount_minor = command.amount_minor;
  x.settlement_currency = settlement_currency;
  x.settlement_amount_minor = settlement_amount_minor;
  x.quote_id = fx_quote_id;
  x.priority = command.priority;
  x.type = command.type;
  x.earliest_ns = command.earliest_ns;
  x.latest_ns = command.latest_ns;
  return x;
}

bool make_cross_currency(const Scenario& scenario, size_t provider, PlannedPayment* p) {
  const FxProviderSpec& fx = scenario.fx_providers[provider];
  const CurrencySpec* base = scenario.find_currency(fx.base);
  const CurrencySpec* quote = scenario.find_currency(fx.quote);
  if (base == nullptr || quote == nullptr) return false;
  const std::optional<core::AmountMinor> converted = core::convert_half_even(
      p->command.amount_minor, fx.rate_units, fx.rate_scale, base->minor_units, quote->minor_units);
  if (!converted || *converted <= 0) return false;
  p->fx_quote_id = provider + 1;
  p->fx_provider = fx.bic;
  p->settlement_currency = fx.quote;
  p->settlement_amount_minor = *converted;
  return true;
}

std::vector<PlannedPayment> plan_payments(const Scenario& scenario) {
  std::vector<PlannedPayment> payments;
  payments.reserve(scenario.payments.size() + scenario.generation.count);
  Generator generator(scenario, &payments);
  generator.explicit_payments();
  generator.generated_payments();
  std::sort(payments.begin(), payments.end(), [](const PlannedPayment& a, const PlannedPayment& b) {
    return a.at_ns != b.at_ns ? a.at_ns < b.at_ns : a.sequence < b.sequence;
  });
  return payments;
}

}  // namespace corridor::sim
