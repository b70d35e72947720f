#include "demo/traffic_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>

#include "core/fx_rate.h"
#include "sim/generator.h"
#include "sim/money_format.h"

namespace corridor::demo {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;

// The run as a business day in ten equal parts: a morning peak, a midday
// lull, an afternoon peak. Weights sum to 100 (mean 10), so the run's
// average rate is the rate asked for.
constexpr std::array<int64_t, 10> kProfileWeights = {6, 12, 16, 13, 8, 7, 10, 14, 9, 5};
constexpr int64_t kProfileMeanWeight = 10;

// An event is one payment, or (15 in 1,000) a bulk file of 10 to 30 customer
// payments at one instant: 1.285 payments an event on average.
constexpr uint64_t kBulkFilePerMille = 15;
constexpr int64_t kBulkFileMin = 10;
constexpr int64_t kBulkFileMax = 30;
constexpr int64_t kPaymentsPerEventMilli = (1000 - 15) + 15 * (kBulkFileMin + kBulkFileMax) / 2;

constexpr uint32_t kInterbankPercent = 15;
constexpr uint32_t kUrgentPercent = 5;
constexpr uint64_t kMisroutedPerMille = 3;
// Of the customer payments: these go cross-currency through the FX provider
// (when the sender is not the provider itself) and these to the DNS service.
constexpr uint64_t kCrossCurrencyPercent = 6;
constexpr uint64_t kDnsPercent = 6;
// The provider's quotes between its first two currencies (CNY and RUB in the
// example configuration: 12.3456 RUB per CNY, 0.0810 CNY per RUB).
constexpr int64_t kForwardRateUnits = 123456;
constexpr uint8_t kForwardRateScale = 4;
constexpr int64_t kBackwardRateUnits = 810;
constexpr uint8_t kBackwardRateScale = 4;
// Each decade up is taken with this chance, at most kDecadesMax times: most
// payments are small, one in eleven is a hundred times the smallest.
constexpr uint32_t kDecadeUpPercent = 30;
constexpr uint32_t kDecadesMax = 2;
constexpr int64_t kInterbankFactor = 10;
// The smallest customer payment is about this fraction of the smallest liquidity.
constexpr int64_t kUnitsPerLiquidity = 50'000;

// Rollovers: 15 a minute, in runs of at least 10 s; the repayment is 105% to
// 130% of the repaying bank's liquidity (so it queues), the new loan comes
// back 1.5 to 4 s later and is up to 2% larger (so the repayment settles).
constexpr int64_t kRolloversPerMinute = 15;
constexpr uint32_t kRolloverRunSecondsMin = 10;
constexpr int64_t kRolloverPercentMin = 105;
constexpr int64_t kRolloverPercentMax = 130;
constexpr int64_t kRolloverRoundUnits = 1000;
constexpr int64_t kLoanDelayMinNs = 1'500'000'000;
constexpr int64_t kLoanDelayMaxNs = 4'000'000'000;

// Separate PRNG streams (sim::stream_seed), so one purpose's draws do not
// shift another's.
constexpr uint64_t kStreamRollovers = 7;
constexpr uint64_t kStreamIds = 8;
constexpr uint64_t kStreamBankBase = 1000;  // bank i: 1000 + 2i payments, 1001 + 2i UETRs

constexpr std::array<const char*, 12> kCustomerNames = {
    "Li Wei",         "Shenzhen Bright Electronics Co",
    "Zhang Min",      "Harbin Northern Grain Trading",
    "Wang Fang",      "Yiwu Small Commodities Export Ltd",
    "Ivan Petrov",    "OOO Sibirskie Lesa",
    "Anna Smirnova",  "AO Volzhskiy Avtozavod Parts",
    "Dmitri Sokolov", "OOO Dalnevostochnaya Logistika",
};

int64_t power_of_ten_at_most(int64_t value) {
  int64_t power = 1;
  while (value / power >= 10) power *= 10;
  return power;
}

std::string bic8(const core::Bic& bic) {
  return std::string(bic.bic11().substr(0, 8));
}

}  // namespace

const char* to_string(PaymentKind kind) {
  switch (kind) {
    case PaymentKind::kCustomer:
      return "customer";
    case PaymentKind::kInterbank:
      return "interbank";
    case PaymentKind::kRolloverRepay:
      return "rollover repayment";
    case PaymentKind::kRolloverLoan:
      return "rollover loan";
    case PaymentKind::kMisrouted:
      return "misrouted";
    case PaymentKind::kCrossCurrency:
      return "cross-currency";
    case PaymentKind::kDns:
      return "DNS";
  }
  return "?";
}

bool is_pacs009(PaymentKind kind) {
  return kind == PaymentKind::kInterbank || kind == PaymentKind::kRolloverRepay ||
         kind == PaymentKind::kRolloverLoan;
}

TrafficModel::TrafficModel(const gateway::ServiceConfig& config, const TrafficOptions& options)
    : config_(config), options_(options) {
  if (options_.rate_per_second == 0) throw std::invalid_argument("the rate must be at least 1");
  if (options_.seconds == 0) throw std::invalid_argument("the run must last at least 1 s");
  duration_ns_ = static_cast<int64_t>(options_.seconds) * kNsPerSecond;
  seed_tag_ = static_cast<uint32_t>(sim::stream_seed(options_.seed, kStreamIds));
  read_banks();
  read_currencies();
  make_streams();
  if (streams_.empty()) {
    throw std::invalid_argument("the configuration has no currency with two direct banks");
  }
  event_gap_mean_ns_ = kNsPerSecond * kPaymentsPerEventMilli *
                       static_cast<int64_t>(streams_.size()) /
                       (1000 * static_cast<int64_t>(options_.rate_per_second));
  plan_rollovers();
  plan_fx();
}

void TrafficModel::plan_fx() {
  for (size_t b = 0; b < banks_.size() && !fx_; ++b) {
    const DemoBank& bank = banks_[b];
    if (bank.currencies.size() < 2) continue;
    DemoFx fx;
    fx.provider = b;
    const size_t first = currency_index(bank.currencies[0]);
    const size_t second = currency_index(bank.currencies[1]);
    fx.quotes.push_back(DemoQuote{
        1, first, second, kForwardRateUnits, kForwardRateScale, bank.liquidity_minor[0], {}, {}});
    fx.quotes.push_back(DemoQuote{
        2, second, first, kBackwardRateUnits, kBackwardRateScale, bank.liquidity_minor[1], {}, {}});
    for (DemoQuote& q : fx.quotes) {
      for (const Stream& stream : streams_) {
        if (stream.currency == q.quote && stream.bank != b &&
            std::find(q.creditors.begin(), q.creditors.end(), stream.participant) ==
                q.creditors.end()) {
          q.creditors.push_back(stream.participant);
          q.creditor_banks.push_back(stream.bank);
        }
      }
    }
    fx_ = std::move(fx);
  }
}

void TrafficModel::vary(DemoPayment* p, const Stream& stream) const {
  if (p->kind != PaymentKind::kCustomer) return;
  const uint64_t pick = p->uetr.low % 100;
  if (pick < kCrossCurrencyPercent && fx_ && stream.bank != fx_->provider) {
    for (const DemoQuote& q : fx_->quotes) {
      if (q.base != stream.currency || q.creditors.empty()) continue;
      const std::optional<core::AmountMinor> converted = core::convert_half_even(
          p->amount_minor, q.rate_units, q.rate_scale, currencies_[q.base].minor_units,
          currencies_[q.quote].minor_units);
      if (!converted || *converted <= 0 || p->amount_minor > q.max_base_amount_minor) return;
      // Someone else: a bank converting its own funds is not the demo's point.
      size_t creditor = (p->uetr.high >> 16) % q.creditors.size();
      if (q.creditor_banks[creditor] == stream.bank) creditor = (creditor + 1) % q.creditors.size();
      if (q.creditor_banks[creditor] == stream.bank) return;
      p->kind = PaymentKind::kCrossCurrency;
      p->instructed_agent = q.creditors[creditor];
      p->settlement_currency = currencies_[q.quote].code;
      p->settlement_amount_minor = *converted;
      p->quote_id = q.quote_id;
      return;
    }
  } else if (pick >= kCrossCurrencyPercent && pick < kCrossCurrencyPercent + kDnsPercent) {
    p->kind = PaymentKind::kDns;
    p->urgent = false;  // a DNS payment has no priority: it settles with its cycle
  }
}

void TrafficModel::read_banks() {
  for (const gateway::ParticipantConfig& p : config_.participants) {
    if (p.kind != core::ParticipantKind::kDirect) continue;
    DemoBank bank;
    bank.bic_text = p.bic_text;
    bank.bic = p.bic;
    for (const gateway::AccountConfig& a : p.accounts) {
      bank.currencies.push_back(a.currency);
      // Both are validated non-negative and far below 2^62 (config amounts).
      bank.liquidity_minor.push_back(a.opening_balance_minor + a.credit_line_minor);
    }
    banks_.push_back(std::move(bank));
  }
}

void TrafficModel::read_currencies() {
  for (const gateway::CurrencyConfig& c : config_.currencies) {
    DemoCurrency currency;
    currency.code = c.code;
    currency.minor_units = c.minor_units;
    core::AmountMinor liquidity_min = std::numeric_limits<core::AmountMinor>::max();
    core::AmountMinor liquidity_max = 0;
    for (const DemoBank& bank : banks_) {
      for (size_t a = 0; a < bank.currencies.size(); ++a) {
        if (bank.currencies[a] != c.code) continue;
        liquidity_min = std::min(liquidity_min, bank.liquidity_minor[a]);
        liquidity_max = std::max(liquidity_max, bank.liquidity_minor[a]);
      }
    }
    if (liquidity_max == 0) liquidity_min = 0;
    // At least one major unit, however little liquidity there is.
    currency.unit_minor =
        std::max(power_of_ten_at_most(std::max<int64_t>(1, liquidity_min / kUnitsPerLiquidity)),
                 sim::minor_per_major(c.minor_units));
    int64_t decades = 1;
    for (uint32_t k = 0; k < kDecadesMax; ++k) decades *= 10;
    currency.bounds.regular_min_minor = currency.unit_minor;
    currency.bounds.regular_max_minor = 9 * currency.unit_minor * decades * kInterbankFactor;
    const core::AmountMinor round_minor = currency.unit_minor * kRolloverRoundUnits;
    currency.bounds.large_min_minor =
        liquidity_min / 100 * kRolloverPercentMin / round_minor * round_minor;
    const core::AmountMinor repay_max = liquidity_max / 100 * kRolloverPercentMax;
    currency.bounds.large_max_minor = repay_max + repay_max / 50;
    currencies_.push_back(currency);
  }
}

size_t TrafficModel::currency_index(const core::CurrencyCode& code) const {
  for (size_t i = 0; i < currencies_.size(); ++i) {
    if (currencies_[i].code == code) return i;
  }
  throw std::invalid_argument("not a currency of the configuration: " + code.to_string());
}

std::string TrafficModel::bic_text(const core::Bic& bic) const {
  const gateway::ParticipantConfig* p = config_.find_participant(bic);
  return p == nullptr ? "" : p->bic_text;
}

void TrafficModel::make_streams() {
  // The direct bank whose account `p` settles on in `currency`, if any.
  auto settles_on = [&](const gateway::ParticipantConfig& p,
                        const core::CurrencyCode& currency) -> std::optional<size_t> {
    const core::Bic& owner = p.kind == core::ParticipantKind::kIndirect ? p.settlement_bank : p.bic;
    for (size_t b = 0; b < banks_.size(); ++b) {
      if (banks_[b].bic != owner) continue;
      const auto& cs = banks_[b].currencies;
      if (std::find(cs.begin(), cs.end(), currency) != cs.end()) return b;
    }
    return std::nullopt;
  };
  for (size_t c = 0; c < currencies_.size(); ++c) {
    const core::CurrencyCode& code = currencies_[c].code;
    size_t banks_in_currency = 0;
    for (const DemoBank& bank : banks_) {
      banks_in_currency += std::count(bank.currencies.begin(), bank.currencies.end(), code);
    }
    if (banks_in_currency < 2) continue;  // nobody to pay
    for (const gateway::ParticipantConfig& sender : config_.participants) {
      if (sender.kind == core::ParticipantKind::kCentralBank) continue;
      const std::optional<size_t> bank = settles_on(sender, code);
      if (!bank) continue;
      Stream stream;
      stream.bank = *bank;
      stream.participant = sender.bic;
      stream.currency = c;
      for (const gateway::ParticipantConfig& receiver : config_.participants) {
        if (receiver.kind == core::ParticipantKind::kCentralBank) continue;
        const std::optional<size_t> account = settles_on(receiver, code);
        if (account && *account != *bank) {
          stream.receivers.push_back(receiver.bic);
        } else if (!account && receiver.kind == core::ParticipantKind::kDirect) {
          stream.misrouted.push_back(receiver.bic);
        }
      }
      streams_.push_back(std::move(stream));
    }
  }
}

void TrafficModel::plan_rollovers() {
  if (options_.seconds < kRolloverRunSecondsMin) return;
  sim::Prng rng(sim::stream_seed(options_.seed, kStreamRollovers));
  // Currencies with two direct banks, weighted by their number of banks.
  std::vector<uint64_t> weights(currencies_.size(), 0);
  for (const DemoBank& bank : banks_) {
    for (const core::CurrencyCode& code : bank.currencies) ++weights[currency_index(code)];
  }
  for (uint64_t& w : weights) w = w >= 2 ? w : 0;
  const int64_t count = static_cast<int64_t>(options_.seconds) * kRolloversPerMinute / 60;
  for (int64_t n = 1; n <= count; ++n) {
    // Draw order: currency, repayer, lender, amount, time, loan increase, delay, UETRs.
    const size_t c = rng.weighted(weights);
    std::vector<std::pair<size_t, size_t>> in_currency;  // (bank, account)
    for (size_t b = 0; b < banks_.size(); ++b) {
      for (size_t a = 0; a < banks_[b].currencies.size(); ++a) {
        if (banks_[b].currencies[a] == currencies_[c].code) in_currency.emplace_back(b, a);
      }
    }
    const auto [repayer, account] = in_currency[rng.below(in_currency.size())];
    size_t lender = repayer;
    while (lender == repayer) lender = in_currency[rng.below(in_currency.size())].first;
    // Money-market deals are round amounts: whole multiples of 1,000 units.
    const core::AmountMinor round_minor = currencies_[c].unit_minor * kRolloverRoundUnits;
    const core::AmountMinor repay_minor = banks_[repayer].liquidity_minor[account] / 100 *
                                          rng.between(kRolloverPercentMin, kRolloverPercentMax) /
                                          round_minor * round_minor;
    const int64_t latest_start_ns = duration_ns_ * 80 / 100 - kLoanDelayMaxNs;
    const int64_t at_ns =
        duration_ns_ * 5 / 100 +
        rng.between(0, std::max<int64_t>(0, latest_start_ns - duration_ns_ * 5 / 100));
    const core::AmountMinor loan_minor =
        repay_minor + rng.between(0, repay_minor / 50 / round_minor) * round_minor;
    const int64_t delay_ns = rng.between(kLoanDelayMinNs, kLoanDelayMaxNs);

    DemoPayment repay;
    repay.at_ns = at_ns;
    repay.sender = repayer;
    repay.kind = PaymentKind::kRolloverRepay;
    repay.instructing_agent = banks_[repayer].bic;
    repay.instructed_agent = banks_[lender].bic;
    repay.currency = currencies_[c].code;
    repay.amount_minor = repay_minor;
    repay.uetr = sim::draw_uetr(&rng);
    repay.id = fmt::format("{}R{:08x}{:07}", bic8(repay.instructing_agent), seed_tag_, n);

    DemoPayment loan = repay;
    loan.at_ns = at_ns + delay_ns;
    loan.sender = lender;
    loan.kind = PaymentKind::kRolloverLoan;
    std::swap(loan.instructing_agent, loan.instructed_agent);
    loan.amount_minor = loan_minor;
    loan.uetr = sim::draw_uetr(&rng);
    loan.id = fmt::format("{}L{:08x}{:07}", bic8(loan.instructing_agent), seed_tag_, n);
    rollovers_.push_back(std::move(repay));
    rollovers_.push_back(std::move(loan));
  }
}

TrafficModel::BankTraffic::BankTraffic(const TrafficModel& model, size_t bank)
    : model_(&model),
      bank_(bank),
      rng_(sim::stream_seed(model.options_.seed, kStreamBankBase + 2 * bank)),
      uetrs_(sim::stream_seed(model.options_.seed, kStreamBankBase + 2 * bank + 1)) {
  for (size_t s = 0; s < model.streams_.size(); ++s) {
    if (model.streams_[s].bank == bank) streams_.push_back(s);
  }
  for (const DemoPayment& p : model.rollovers_) {
    if (p.sender == bank) rollovers_.push_back(p);
  }
  std::sort(rollovers_.begin(), rollovers_.end(), [](const DemoPayment& a, const DemoPayment& b) {
    return a.at_ns > b.at_ns || (a.at_ns == b.at_ns && a.id > b.id);
  });
  // Banks start at different moments, not all at 0.
  next_event_ns_ = streams_.empty() ? model.duration_ns_ : gap_ns(0);
}

std::optional<DemoPayment> TrafficModel::BankTraffic::next() {
  if (ready_.empty() && next_event_ns_ < model_->duration_ns_) draw_event();
  const DemoPayment* regular = ready_.empty() ? nullptr : &ready_.back();
  const DemoPayment* rollover = rollovers_.empty() ? nullptr : &rollovers_.back();
  if (regular == nullptr && rollover == nullptr) return std::nullopt;
  std::vector<DemoPayment>& from =
      rollover != nullptr && (regular == nullptr || rollover->at_ns <= regular->at_ns) ? rollovers_
                                                                                       : ready_;
  DemoPayment payment = std::move(from.back());
  from.pop_back();
  return payment;
}

// The mean gap of this bank's events at the profile's weight for `at_ns`,
// times a uniform factor in (0, 2): integer-only, so reproducible.
int64_t TrafficModel::BankTraffic::gap_ns(int64_t at_ns) {
  const size_t part = static_cast<size_t>(std::min<int64_t>(
      kProfileWeights.size() - 1,
      at_ns * static_cast<int64_t>(kProfileWeights.size()) / model_->duration_ns_));
  const int64_t mean_ns = model_->event_gap_mean_ns_ * kProfileMeanWeight / kProfileWeights[part] /
                          static_cast<int64_t>(streams_.size());
  return std::max<int64_t>(1, mean_ns * rng_.between(1, 1999) / 1000);
}

void TrafficModel::BankTraffic::draw_event() {
  // Draw order: stream, bulk file or not (and its size), the payments, the gap.
  const int64_t at_ns = next_event_ns_;
  const size_t stream = streams_[rng_.below(streams_.size())];
  const bool bulk_file = rng_.below(1000) < kBulkFilePerMille;
  const int64_t count = bulk_file ? rng_.between(kBulkFileMin, kBulkFileMax) : 1;
  for (int64_t i = 0; i < count; ++i) {
    DemoPayment p = draw_regular(stream, bulk_file);
    p.at_ns = at_ns;
    ready_.push_back(std::move(p));
  }
  std::reverse(ready_.begin(), ready_.end());  // next() takes from the back
  next_event_ns_ = at_ns + gap_ns(at_ns);
}

DemoPayment TrafficModel::BankTraffic::draw_regular(size_t stream_index, bool in_bulk_file) {
  const Stream& stream = model_->streams_[stream_index];
  const DemoCurrency& currency = model_->currencies_[stream.currency];
  DemoPayment p;
  p.sender = bank_;
  p.instructing_agent = stream.participant;
  p.currency = currency.code;
  // Draw order: kind, counterparty, urgency, amount, customer, UETR.
  p.kind = PaymentKind::kCustomer;
  if (!in_bulk_file) {
    if (!stream.misrouted.empty() && rng_.below(1000) < kMisroutedPerMille) {
      p.kind = PaymentKind::kMisrouted;
    } else if (stream.participant == model_->banks_[bank_].bic && rng_.percent(kInterbankPercent)) {
      p.kind = PaymentKind::kInterbank;  // a bank's own transfer, not for an indirect one
    }
  }
  const std::vector<core::Bic>& to =
      p.kind == PaymentKind::kMisrouted ? stream.misrouted : stream.receivers;
  p.instructed_agent = to[rng_.below(to.size())];
  p.urgent = !in_bulk_file && rng_.percent(kUrgentPercent);
  core::AmountMinor amount_minor = (1 + rng_.between(0, 8)) * currency.unit_minor;
  if (p.kind == PaymentKind::kInterbank) amount_minor *= kInterbankFactor;
  for (uint32_t k = 0; k < kDecadesMax && rng_.percent(kDecadeUpPercent); ++k) amount_minor *= 10;
  p.amount_minor = amount_minor;
  p.customer = static_cast<uint32_t>(rng_.below(kCustomerNames.size() * kCustomerNames.size()));
  p.uetr = sim::draw_uetr(&uetrs_);
  model_->vary(&p, stream);
  const char letter = p.kind == PaymentKind::kInterbank       ? 'I'
                      : p.kind == PaymentKind::kMisrouted     ? 'M'
                      : p.kind == PaymentKind::kCrossCurrency ? 'X'
                      : p.kind == PaymentKind::kDns           ? 'D'
                                                              : 'C';
  p.id = fmt::format("{}{}{:08x}{:07}", bic8(model_->banks_[bank_].bic), letter, model_->seed_tag_,
                     ++numbers_);
  return p;
}

std::string_view debtor_name(const DemoPayment& payment) {
  return kCustomerNames[payment.customer % kCustomerNames.size()];
}

std::string_view creditor_name(const DemoPayment& payment) {
  return kCustomerNames[payment.customer / kCustomerNames.size() % kCustomerNames.size()];
}

}  // namespace corridor::demo
