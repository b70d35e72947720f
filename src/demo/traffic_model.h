// The demo's traffic: what each simulated bank sends and when, drawn from
// one seed. Integer-only sampling (sim/prng.h), so a seed gives the same
// payments on every machine; only the wall-clock times they are sent at vary.
//
// The run stands for a compressed business day: the rate follows an intraday
// profile (a morning peak, a lull, an afternoon peak) and banks now and then
// send a bulk file (a burst of customer payments at one instant). Amounts are
// heavy-tailed and scaled to the configuration's liquidity, so that nearly
// everything settles at once; a few money-market rollovers are larger than
// the repaying bank's liquidity and queue until the new loan comes back
// (docs/service.md, "The demo").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bic.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/uetr.h"
#include "gateway/service_config.h"
#include "sim/prng.h"

namespace corridor::demo {

enum class PaymentKind : uint8_t {
  kCustomer = 0,       // pacs.008, a customer transfer
  kInterbank = 1,      // pacs.009, a bank's own transfer (ten times a customer's)
  kRolloverRepay = 2,  // pacs.009, large: repays yesterday's overnight loan
  kRolloverLoan = 3,   // pacs.009, large: the lender's new loan back to the repayer
  kMisrouted = 4,      // pacs.008 to a bank without an account in the currency: rejected
  kCrossCurrency =
      5,     // pacs.008 at the FX provider's quote: paid in one currency, received in the other
  kDns = 6,  // pacs.008 for the deferred net settlement service (ClrChanl MPNS)
};
const char* to_string(PaymentKind kind);
bool is_pacs009(PaymentKind kind);

// A direct bank of the configuration: one client connection, one certificate.
struct DemoBank {
  std::string bic_text;  // as configured: its certificate's CN and file names
  core::Bic bic;
  std::vector<core::CurrencyCode> currencies;  // its accounts
  // Opening balance plus credit line, per account (same order as currencies).
  std::vector<core::AmountMinor> liquidity_minor;
};

// Amounts the model draws in one currency, inclusive.
struct AmountBounds {
  core::AmountMinor regular_min_minor = 0;  // customer and interbank payments
  core::AmountMinor regular_max_minor = 0;
  core::AmountMinor large_min_minor = 0;  // rollovers
  core::AmountMinor large_max_minor = 0;
};

struct DemoCurrency {
  core::CurrencyCode code;
  int minor_units = 2;
  // The smallest customer payment: the largest power of ten (at least one
  // major unit) not above 1/50,000 of the smallest liquidity of a bank in
  // this currency (100.00 CNY for the example configuration), so the random
  // walk of the balances stays well inside every bank's liquidity for a
  // minute of traffic.
  core::AmountMinor unit_minor = 0;
  AmountBounds bounds;
};

struct TrafficOptions {
  uint64_t seed = 1;
  uint32_t seconds = 60;
  uint32_t rate_per_second = 300;  // payments per second, all banks, averaged over the run
};

struct DemoPayment {
  int64_t at_ns = 0;  // when to send it, from the start of the run
  size_t sender = 0;  // index into TrafficModel::banks(): whose connection sends it
  PaymentKind kind = PaymentKind::kCustomer;
  core::Bic instructing_agent;  // the sender, or an indirect participant it sends for
  core::Bic instructed_agent;
  core::CurrencyCode currency;
  core::AmountMinor amount_minor = 0;
  bool urgent = false;  // InstrPrty HIGH
  core::Uetr uetr;
  std::string id;         // InstrId, EndToEndId, TxId, MsgId and BizMsgIdr: unique in a run
  uint32_t customer = 0;  // picks the debtor's and creditor's names (pacs.008)
  // kCrossCurrency: currency and amount_minor are the instructed (debtor's)
  // side; the creditor is paid this, at quote `quote_id`.
  core::CurrencyCode settlement_currency;
  core::AmountMinor settlement_amount_minor = 0;
  uint64_t quote_id = 0;
};

// An FX quote the demo's provider publishes at the start: base -> quote
// currency at rate_units / 10^rate_scale, for the whole run.
struct DemoQuote {
  uint64_t quote_id = 0;
  size_t base = 0;   // index into TrafficModel::currencies()
  size_t quote = 0;  // index into TrafficModel::currencies()
  int64_t rate_units = 0;
  uint8_t rate_scale = 0;
  core::AmountMinor max_base_amount_minor = 0;
  // Who may be paid in the quote currency: participants that do not settle
  // on the provider's account (the core refuses those, AG01).
  std::vector<core::Bic> creditors;
  std::vector<size_t> creditor_banks;  // the direct bank each creditor settles on
};

// The demo's FX provider: the first direct bank with accounts in two of the
// currencies, quoting both ways between its first two.
struct DemoFx {
  size_t provider = 0;  // index into TrafficModel::banks()
  std::vector<DemoQuote> quotes;
};

// The debtor's and creditor's names of a pacs.008 (from DemoPayment::customer).
std::string_view debtor_name(const DemoPayment& payment);
std::string_view creditor_name(const DemoPayment& payment);

// The traffic model of one configuration and seed.
class TrafficModel {
 public:
  // Throws std::invalid_argument when the configuration has no currency with
  // two direct banks (nothing to send) or the rate is 0.
  TrafficModel(const gateway::ServiceConfig& config, const TrafficOptions& options);

  const std::vector<DemoBank>& banks() const { return banks_; }
  const std::vector<DemoCurrency>& currencies() const { return currencies_; }
  const TrafficOptions& options() const { return options_; }
  const gateway::ServiceConfig& config() const { return config_; }
  // The FX provider and its quotes; nullopt without a bank in two currencies.
  const std::optional<DemoFx>& fx() const { return fx_; }
  // Index into currencies(); the currency must be one of them.
  size_t currency_index(const core::CurrencyCode& code) const;
  // The BIC as configured (certificate and message form); "" when unknown.
  std::string bic_text(const core::Bic& bic) const;

  // What one bank sends, in time order, produced as it is consumed (a long
  // run at a high rate never holds all of its payments at once).
  class BankTraffic {
   public:
    // The next payment, or nullopt after the end of the run.
    std::optional<DemoPayment> next();

   private:
    friend class TrafficModel;
    BankTraffic(const TrafficModel& model, size_t bank);
    void draw_event();
    DemoPayment draw_regular(size_t stream, bool in_bulk_file);
    int64_t gap_ns(int64_t at_ns);

    const TrafficModel* model_;
    size_t bank_;
    sim::Prng rng_;
    sim::Prng uetrs_;
    std::vector<size_t> streams_;  // indices into model_->streams_ this bank sends
    int64_t next_event_ns_ = 0;
    std::vector<DemoPayment> ready_;      // drawn, not yet returned (a bulk file), in reverse
    std::vector<DemoPayment> rollovers_;  // this bank's rollover legs, in reverse time order
    uint64_t numbers_ = 0;
  };
  BankTraffic traffic_of(size_t bank) const { return BankTraffic(*this, bank); }

 private:
  // A participant sending in one currency: a direct bank, or an indirect
  // participant its settlement bank sends for. Each stream sends at the same
  // rate, so every account pays about what it receives.
  struct Stream {
    size_t bank = 0;  // the sending (direct) bank
    core::Bic participant;
    size_t currency = 0;
    std::vector<core::Bic> receivers;  // others in the currency, on other accounts
    std::vector<core::Bic> misrouted;  // participants without an account in the currency
  };

  void read_banks();
  void read_currencies();
  void make_streams();
  void plan_rollovers();
  void plan_fx();
  // Turns some customer payments into cross-currency or DNS ones (by their
  // UETR's bits, so no random draw moves and the rest of the traffic stays).
  void vary(DemoPayment* p, const Stream& stream) const;

  gateway::ServiceConfig config_;
  TrafficOptions options_;
  std::vector<DemoBank> banks_;
  std::vector<DemoCurrency> currencies_;
  std::vector<Stream> streams_;
  std::vector<DemoPayment> rollovers_;  // both legs of every rollover, any order
  std::optional<DemoFx> fx_;
  int64_t duration_ns_ = 0;
  uint32_t seed_tag_ = 0;          // in every id
  int64_t event_gap_mean_ns_ = 0;  // one stream's mean gap between events at profile weight 10
};

}  // namespace corridor::demo
