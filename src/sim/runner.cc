#include "sim/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "core/core.h"
#include "sim/generator.h"
#include "sim/prng.h"
#include "sim/virtual_time.h"

namespace corridor::sim {
namespace {

constexpr int64_t kNsPerMinute = 60 * kNsPerSecond;

// Raised inside the run when an invariant check fails; the figures keep the violations.
struct InvariantsViolated {};

class Simulation {
 public:
  Simulation(const Scenario& scenario, const RunOptions& options)
      : s_(scenario),
        options_(options),
        core_(make_config(scenario)),
        setup_uetrs_(stream_seed(scenario.generation.seed, kStreamSetup)),
        day_start_ns_(timestamp_ns(s_.value_date, s_.day_start_seconds)),
        day_end_ns_(timestamp_ns(s_.value_date, s_.day_end_seconds)) {
    f_.scenario_name = s_.name;
    f_.seed = s_.generation.seed;
    f_.value_date = s_.value_date;
    f_.next_value_date = s_.next_value_date != 0 ? s_.next_value_date : next_weekday(s_.value_date);
    f_.day_start_seconds = s_.day_start_seconds;
    f_.day_end_seconds = s_.day_end_seconds;
    f_.gridlock_spec = s_.gridlock;
    f_.dns.cycle_minutes = s_.dns_cycle_minutes;
    for (const CurrencySpec& c : s_.currencies) {
      CurrencyFigures figures;
      figures.code = c.code;
      figures.minor_units = c.minor_units;
      f_.currencies.push_back(figures);
    }
    zero_delay_value_.assign(f_.currencies.size(), 0);
    delays_.assign(f_.currencies.size(), {});
    dns_open_.assign(f_.currencies.size(), {});
  }

  SimFigures run() {
    try {
      setup();
      business_day();
      collect_accounts();
      check_invariants();
    } catch (const InvariantsViolated&) {
      // The figures so far, with the violations, are the result.
    }
    f_.state_hash = core_.state_hash();
    return std::move(f_);
  }

 private:
  // Setup runs on the day before the simulated one, which an EndOfDay then
  // closes: opening liquidity is in place when the business day opens, as
  // overnight balances are, so the end-of-day report's opening balances
  // include it and peak liquidity use (opening - lowest) means something.
  static core::ValueDate setup_value_date(const Scenario& scenario) {
    return date_from_days(days_since_epoch(scenario.value_date) - 1);
  }

  static core::Config make_config(const Scenario& scenario) {
    core::Config config;
    config.value_date_initial = setup_value_date(scenario);
    return config;
  }

  // --- Setup: reference data and opening liquidity, at the start of the day ---

  void setup() {
    // The core was built with this configuration already; saying it as the
    // first command makes a journal of the run replayable on its own.
    setup_command(core::configure_command(make_config(s_)), "the configuration");
    if (!s_.entry_offsetting) {
      setup_command(core::SetEntryOffsetting{false}, "plain RTGS (no offsetting on entry)");
    }
    for (const CurrencySpec& c : s_.currencies) {
      setup_command(core::DefineCurrency{c.code, c.minor_units}, c.code.to_string());
    }
    currency_index_.assign(core_.currency_count(), kNoIndex);
    for (size_t i = 0; i < s_.currencies.size(); ++i) {
      currency_index_[*core_.find_currency(s_.currencies[i].code)] = i;
    }
    for (const CentralBankSpec& cb : s_.central_banks) {
      core::AddParticipant add;
      add.bic = cb.bic;
      add.name = cb.name;
      add.kind = core::ParticipantKind::kCentralBank;
      add.home_currency = cb.currency;
      setup_command(add, cb.bic.to_string());
      setup_command(core::OpenAccount{cb.bic, cb.currency}, cb.bic.to_string());
    }
    for (const BankSpec& bank : s_.banks) {
      core::AddParticipant add;
      add.bic = bank.bic;
      add.name = bank.name;
      add.kind = core::ParticipantKind::kDirect;
      setup_command(add, bank.bic.to_string());
      for (const AccountSpec& a : bank.accounts) {
        const std::string what = fmt::format("{} {}", bank.bic.to_string(), a.currency.view());
        setup_command(core::OpenAccount{bank.bic, a.currency}, what);
        if (a.credit_line_minor > 0) {
          setup_command(core::SetCreditLine{bank.bic, a.currency, a.credit_line_minor}, what);
        }
      }
    }
    for (const IndirectSpec& indirect : s_.indirects) {
      core::AddParticipant add;
      add.bic = indirect.bic;
      add.name = indirect.name;
      add.kind = core::ParticipantKind::kIndirect;
      add.settlement_bank = indirect.settlement_bank;
      setup_command(add, indirect.bic.to_string());
    }
    // Opening liquidity: central bank credit to each account, then reservations
    // (a reservation can only set aside liquidity the account has).
    for (const BankSpec& bank : s_.banks) {
      for (const AccountSpec& a : bank.accounts) {
        const std::string what = fmt::format("{} {}", bank.bic.to_string(), a.currency.view());
        if (a.opening_liquidity_minor > 0) {
          core::LiquidityTransfer transfer;
          transfer.uetr = draw_uetr(&setup_uetrs_);
          transfer.from = central_bank_of(a.currency);
          transfer.to = bank.bic;
          transfer.currency = a.currency;
          transfer.amount_minor = a.opening_liquidity_minor;
          setup_command(transfer, what);
        }
        if (a.reserve_highly_urgent_minor > 0) {
          setup_command(core::ReserveLiquidity{bank.bic, a.currency, core::Priority::kHighlyUrgent,
                                               a.reserve_highly_urgent_minor},
                        what);
        }
        if (a.reserve_urgent_minor > 0) {
          setup_command(core::ReserveLiquidity{bank.bic, a.currency, core::Priority::kUrgent,
                                               a.reserve_urgent_minor},
                        what);
        }
      }
    }
    // FX providers' quotes, valid for the whole business day (quote id: position + 1).
    for (size_t i = 0; i < s_.fx_providers.size(); ++i) {
      const FxProviderSpec& fx = s_.fx_providers[i];
      core::PublishFxQuote quote;
      quote.quote_id = i + 1;
      quote.provider = fx.bic;
      quote.base_currency = fx.base;
      quote.quote_currency = fx.quote;
      quote.rate_units = fx.rate_units;
      quote.rate_scale = static_cast<uint8_t>(fx.rate_scale);
      quote.valid_from_ns = day_start_ns_;
      quote.valid_to_ns = day_end_ns_;
      quote.max_base_amount_minor = fx.max_per_payment_minor;
      setup_command(quote, fmt::format("the quote of FX provider {} {}/{}", fx.bic.to_string(),
                                       fx.base.view(), fx.quote.view()));
    }
    // DNS: an account's net debit cap is its opening liquidity, what it could
    // pay a net debtor's settlement from if nothing else used it.
    if (s_.dns_cycle_minutes > 0) {
      for (const BankSpec& bank : s_.banks) {
        for (const AccountSpec& a : bank.accounts) {
          setup_command(core::SetNetDebitCap{bank.bic, a.currency, a.opening_liquidity_minor},
                        fmt::format("{} {}", bank.bic.to_string(), a.currency.view()));
        }
      }
    }
  }

  core::Bic central_bank_of(const core::CurrencyCode& currency) const {
    for (const CentralBankSpec& cb : s_.central_banks) {
      if (cb.currency == currency) return cb.bic;
    }
    return core::Bic();  // validated away: every currency has a central bank
  }

  void setup_command(core::CommandBody body, const std::string& what) {
    const core::Result result = apply(day_start_ns_, body);
    if (!result.ok()) {
      throw SetupError(fmt::format("setup of {}: {} rejected by the core: {} {}", what,
                                   core::command_name(body), core::iso_code(result.reason),
                                   core::reason_text(result.reason)));
    }
  }

  // --- The business day ---

  void business_day() {
    std::vector<PlannedPayment> planned;
    if (options_.payments == nullptr) planned = plan_payments(s_);
    const std::vector<PlannedPayment>& payments =
        options_.payments != nullptr ? *options_.payments : planned;
    setup_command(core::EndOfDay{s_.value_date}, "the business day's opening");
    f_.payments_planned = payments.size();
    delays_.assign(f_.currencies.size(), {});
    const int64_t interval_ns = s_.gridlock.interval_minutes * kNsPerMinute;
    const int64_t dns_interval_ns = s_.dns_cycle_minutes * kNsPerMinute;
    next_gridlock_ns_ = interval_ns > 0 ? day_start_ns_ + interval_ns : day_end_ns_;
    next_dns_ns_ = dns_interval_ns > 0 ? day_start_ns_ + dns_interval_ns : day_end_ns_;
    next_sample_ns_ = options_.queue_sample_interval_ns > 0 ? day_start_ns_ : INT64_MAX;
    for (const PlannedPayment& p : payments) {
      run_scheduled_until(p.at_ns, interval_ns, dns_interval_ns);
      catch_up(p.at_ns);
      submit(p);
      if (++submitted_ % kProgressEveryPayments == 0 && options_.on_payments_done) {
        options_.on_payments_done(submitted_);
      }
    }
    run_scheduled_until(day_end_ns_, interval_ns, dns_interval_ns);
    catch_up(day_end_ns_);
    // The day's last cycle settles at its end, before EndOfDay rejects what is open.
    if (dns_interval_ns > 0) settle_dns_cycles(day_end_ns_);
    apply(day_end_ns_, core::EndOfDay{f_.next_value_date});
    summarise_delays();
    if (options_.on_payments_done) options_.on_payments_done(submitted_);
  }

  // Gridlock runs and DNS cycles due at or before `limit_ns` (and before the
  // end of the day), in time order; at the same instant, gridlock first.
  void run_scheduled_until(core::TimestampNs limit_ns, int64_t interval_ns,
                           int64_t dns_interval_ns) {
    while (true) {
      const core::TimestampNs due_ns = std::min(next_gridlock_ns_, next_dns_ns_);
      if (due_ns >= day_end_ns_ || due_ns > limit_ns) return;
      catch_up(due_ns);
      if (next_gridlock_ns_ == due_ns) {
        run_gridlock(due_ns);
        next_gridlock_ns_ += interval_ns;
      }
      if (next_dns_ns_ == due_ns) {
        settle_dns_cycles(due_ns);
        next_dns_ns_ += dns_interval_ns;
      }
    }
  }

  // SettleDnsCycle for every currency with an open cycle. Settled: each of its
  // payments settles at this instant (delay = now - submission). Refused (a
  // shortfall beyond the reserve fund, AM04): the cycle stays open for the next.
  void settle_dns_cycles(core::TimestampNs at_ns) {
    for (size_t ci = 0; ci < dns_open_.size(); ++ci) {
      if (dns_open_[ci].empty()) continue;
      const core::Result result = apply(at_ns, core::SettleDnsCycle{f_.currencies[ci].code});
      if (!result.ok()) {
        ++f_.dns.cycles_refused;
        continue;
      }
      ++f_.dns.cycles_settled;
      CurrencyFigures& c = f_.currencies[ci];
      for (const DnsOpen& open : dns_open_[ci]) {
        c.settled.add(open.amount_minor);
        c.settled_dns.add(open.amount_minor);
        queued_since_ns_.erase(open.uetr);
        const int64_t delay_ns = at_ns - open.submitted_ns;
        if (delay_ns > 0) {
          ++c.delayed_settled_count;
          c.delay_total_ns = core::saturating_add(c.delay_total_ns, delay_ns);
          c.delay_max_ns = std::max(c.delay_max_ns, delay_ns);
        }
        note_delay(ci, delay_ns, open.amount_minor, /*settled=*/true);
      }
      dns_open_[ci].clear();
    }
  }

  // Everything due before a command at `at_ns`: AdvanceTime at the payment
  // times passed (with advance_to_payment_times), and the queue samples.
  void catch_up(core::TimestampNs at_ns) {
    while (!payment_times_.empty() && payment_times_.top() < at_ns) {
      const core::TimestampNs due_ns = payment_times_.top();
      while (!payment_times_.empty() && payment_times_.top() == due_ns) payment_times_.pop();
      sample_queues_until(due_ns);
      apply(due_ns, core::AdvanceTime{});
    }
    sample_queues_until(at_ns);
  }

  // Samples the queues at every sample time up to and including `at_ns`,
  // before the commands stamped then.
  void sample_queues_until(core::TimestampNs at_ns) {
    while (next_sample_ns_ <= at_ns && next_sample_ns_ <= day_end_ns_) {
      const int64_t at_seconds =
          s_.day_start_seconds + (next_sample_ns_ - day_start_ns_) / kNsPerSecond;
      if (queue_totals_.size() < f_.currencies.size()) queue_totals_.resize(f_.currencies.size());
      for (size_t ci = 0; ci < f_.currencies.size(); ++ci) {
        const QueueTotals& t = queue_totals_[ci];
        f_.currencies[ci].queue_series.push_back(
            QueueSample{at_seconds, static_cast<uint64_t>(t.count),
                        static_cast<int64_t>(std::min<__int128>(t.value_minor, INT64_MAX))});
      }
      next_sample_ns_ += options_.queue_sample_interval_ns;
    }
  }

  // Value-weighted mean and 99th percentile of the delay, in integers.
  void summarise_delays() {
    for (size_t ci = 0; ci < f_.currencies.size(); ++ci) {
      CurrencyFigures& c = f_.currencies[ci];
      std::vector<Delay>& delays = delays_[ci];
      __int128 counted_value = 0;
      __int128 weighted_ns = 0;
      __int128 delayed_value = 0;
      for (const Delay& d : delays) {
        weighted_ns += static_cast<__int128>(d.delay_ns) * d.amount_minor;
        delayed_value += d.amount_minor;
      }
      counted_value = delayed_value + zero_delay_value_[ci];
      if (counted_value == 0) continue;
      c.delay_value_weighted_mean_ns = static_cast<int64_t>(weighted_ns / counted_value);
      // The smallest delay d such that payments done within d carry >= 99% of the value.
      const __int128 needed = (counted_value * 99 + 99) / 100;
      __int128 covered = zero_delay_value_[ci];
      if (covered >= needed) continue;
      std::sort(delays.begin(), delays.end(), [](const Delay& a, const Delay& b) {
        return a.delay_ns != b.delay_ns ? a.delay_ns < b.delay_ns : a.amount_minor < b.amount_minor;
      });
      for (const Delay& d : delays) {
        covered += d.amount_minor;
        if (covered >= needed) {
          c.delay_value_weighted_p99_ns = d.delay_ns;
          break;
        }
      }
    }
    delays_.clear();
  }

  void note_delay(size_t ci, int64_t delay_ns, core::AmountMinor amount_minor, bool settled) {
    CurrencyFigures& c = f_.currencies[ci];
    size_t bucket = 0;
    while (bucket < kDelayBucketUpperNs.size() && delay_ns > kDelayBucketUpperNs[bucket]) ++bucket;
    if (settled) c.delay_buckets[bucket].add(amount_minor);
    if (delay_ns == 0) {
      zero_delay_value_[ci] += amount_minor;
    } else {
      delays_[ci].push_back(Delay{delay_ns, amount_minor});
    }
  }

  // Under DNS: normal payments with no earliest or latest time, in one
  // currency (a DNS payment has no times, and clears in one currency).
  bool goes_to_dns(const PlannedPayment& p) const {
    const core::SubmitPayment& c = p.command;
    return s_.dns_cycle_minutes > 0 && c.priority == core::Priority::kNormal &&
           !p.cross_currency() && c.earliest_ns == core::kNoTime && c.latest_ns == core::kNoTime;
  }

  void submit_dns(const PlannedPayment& p, size_t ci) {
    const core::SubmitPayment& c = p.command;
    const core::Result result =
        apply(p.at_ns, core::SubmitDnsPayment{c.uetr, c.instruction_id, c.debtor_agent,
                                              c.creditor_agent, c.currency, c.amount_minor});
    if (result.outcome == core::Outcome::kRejected) {  // AM14: beyond the net debit cap
      f_.currencies[ci].rejected_on_submission.add(c.amount_minor);
      ++f_.rejected_by_reason[static_cast<size_t>(result.reason)];
      return;
    }
    ++f_.dns.submitted;
    dns_open_[ci].push_back(DnsOpen{c.uetr, p.at_ns, c.amount_minor});
    // If no cycle settles it, end of day rejects it (TM01): delayed until then.
    queued_since_ns_.try_emplace(c.uetr, p.at_ns);
  }

  void submit(const PlannedPayment& p) {
    const core::SubmitPayment& c = p.command;
    const size_t ci = index_of(c.currency);
    f_.currencies[ci].submitted.add(c.amount_minor);
    if (goes_to_dns(p)) return submit_dns(p, ci);
    // A cross-currency payment counts once, in its instructed currency (leg 1).
    const core::Result result = apply(p.at_ns, p.submission());
    if (result.outcome == core::Outcome::kRejected) {
      f_.currencies[ci].rejected_on_submission.add(c.amount_minor);
      ++f_.rejected_by_reason[static_cast<size_t>(result.reason)];
    } else if (result.outcome == core::Outcome::kQueued) {
      // Delay counts from when it could first have settled.
      queued_since_ns_.try_emplace(c.uetr, std::max(p.at_ns, c.earliest_ns));
      if (options_.advance_to_payment_times) {
        if (c.earliest_ns > p.at_ns) payment_times_.push(c.earliest_ns);
        if (c.latest_ns != core::kNoTime && c.latest_ns > p.at_ns) payment_times_.push(c.latest_ns);
      }
      if (std::optional<core::AccountId> debtor = core_.find_account(c.debtor_agent, c.currency)) {
        refresh_queue(*debtor, p.at_ns);
      }
    }
  }

  void run_gridlock(core::TimestampNs at_ns) {
    ++f_.gridlock.runs;
    gridlock_settled_in_command_ = 0;
    apply(at_ns, core::RunGridlockResolution{s_.gridlock.algorithm});
    if (gridlock_settled_in_command_ > 0) ++f_.gridlock.runs_settling;
    f_.gridlock.payments_settled += gridlock_settled_in_command_;
  }

  // Applies one command, records its events and checks invariants when due.
  core::Result apply(core::TimestampNs at_ns, core::CommandBody body) {
    const core::Command command{at_ns, std::move(body)};
    if (options_.on_command) options_.on_command(command);
    const core::Result result = core_.apply(command);
    ++f_.commands_applied;
    for (const core::Event& e : core_.events()) record(e);
    if (options_.check_every_commands > 0 &&
        f_.commands_applied % options_.check_every_commands == 0) {
      check_invariants();
    }
    return result;
  }

  void record(const core::Event& e) {
    // A cross-currency payment's second leg (settlement currency) repeats its
    // first leg's event: the payment counts once, in its instructed currency.
    // The pair queues in its debtor's queue only, so no queue changes here.
    if (e.leg == core::Leg::kSecond) return;
    const size_t ci = e.currency < currency_index_.size() ? currency_index_[e.currency] : kNoIndex;
    CurrencyFigures* c = ci != kNoIndex ? &f_.currencies[ci] : nullptr;
    switch (e.kind) {
      case core::EventKind::kSettled:
        if (c == nullptr) break;
        if (e.settled_by == core::SettledBy::kLiquidityTransfer) {
          c->liquidity_transfers.add(e.amount_minor);
          break;
        }
        c->settled.add(e.amount_minor);
        c->settled_by[std::min(static_cast<size_t>(e.settled_by), kSettledByCount - 1)].add(
            e.amount_minor);
        if (e.settled_by == core::SettledBy::kGridlockResolution) ++gridlock_settled_in_command_;
        if (auto it = queued_since_ns_.find(e.uetr); it != queued_since_ns_.end()) {
          const int64_t delay_ns = std::max<int64_t>(0, e.at_ns - it->second);
          ++c->delayed_settled_count;
          c->delay_total_ns = core::saturating_add(c->delay_total_ns, delay_ns);
          c->delay_max_ns = std::max(c->delay_max_ns, delay_ns);
          queued_since_ns_.erase(it);
          note_delay(ci, delay_ns, e.amount_minor, /*settled=*/true);
        } else {
          note_delay(ci, 0, e.amount_minor, /*settled=*/true);
        }
        break;
      case core::EventKind::kQueued:
        break;  // the queue figures are read from the accounts below
      case core::EventKind::kRejected:
        if (c != nullptr) c->rejected_later.add(e.amount_minor);
        ++f_.rejected_by_reason[static_cast<size_t>(e.reason)];
        if (auto it = queued_since_ns_.find(e.uetr); it != queued_since_ns_.end()) {
          // Never settled: it counts as delayed until it was given up (latest time
          // or end of day), so leaving payments unsettled cannot look fast.
          if (c != nullptr) {
            note_delay(ci, std::max<int64_t>(0, e.at_ns - it->second), e.amount_minor,
                       /*settled=*/false);
          }
          queued_since_ns_.erase(it);
        }
        break;
      case core::EventKind::kCancelled:
        ++f_.cancelled;
        queued_since_ns_.erase(e.uetr);
        break;
    }
    if (e.debtor_account != core::kNoId) refresh_queue(e.debtor_account, e.at_ns);
  }

  // Brings the per-currency queue totals up to date with one account's queues
  // and notes a new peak. Only accounts touched by a command change, so this
  // stays O(events) rather than O(accounts) per command.
  void refresh_queue(core::AccountId id, core::TimestampNs at_ns) {
    if (id >= core_.account_count()) return;
    if (id >= account_queue_.size()) account_queue_.resize(core_.account_count());
    const core::Account& account = core_.account(id);
    if (account.currency >= currency_index_.size()) return;
    const size_t ci = currency_index_[account.currency];
    if (ci == kNoIndex) return;
    QueueTotals now;
    for (const core::QueueList& q : account.queues) now.count += q.length;
    now.value_minor = account.queued_value_minor;
    if (queue_totals_.size() < f_.currencies.size()) queue_totals_.resize(f_.currencies.size());
    QueueTotals& totals = queue_totals_[ci];
    totals.count += now.count - account_queue_[id].count;
    totals.value_minor += now.value_minor - account_queue_[id].value_minor;
    account_queue_[id] = now;
    CurrencyFigures& c = f_.currencies[ci];
    // 128-bit totals cannot overflow; the reported value saturates like other statistics.
    const CountValue queue{static_cast<uint64_t>(totals.count),
                           static_cast<int64_t>(std::min<__int128>(totals.value_minor, INT64_MAX))};
    if (queue.value_minor > c.peak_queue.value_minor) {
      c.peak_queue = queue;
      c.peak_queue_at_ns = at_ns;
    }
    if (queue.count > c.peak_queue_by_count.count) {
      c.peak_queue_by_count = queue;
      c.peak_queue_by_count_at_ns = at_ns;
    }
  }

  // --- End of day ---

  void collect_accounts() {
    const core::EodReport& report = core_.last_eod_report();
    for (const core::AccountDayFigures& day : report.accounts) {
      if (day.account >= core_.account_count()) continue;
      const core::Account& account = core_.account(day.account);
      if (account.is_issuer) continue;  // the central bank's own account: no liquidity to use
      const core::ParticipantRecord& owner = core_.participant(account.owner);
      const core::CurrencyRecord& currency = core_.currency(account.currency);
      AccountFigures a;
      a.bic = owner.bic;
      a.name = owner.name;
      a.currency = currency.code;
      a.minor_units = currency.minor_units;
      a.credit_line_minor = account.credit_line_minor;
      a.balance_open_minor = day.balance_open_minor;
      a.balance_close_minor = day.balance_close_minor;
      a.balance_min_minor = day.balance_min_minor;
      a.peak_liquidity_use_minor = day.peak_liquidity_use_minor;
      a.peak_credit_use_minor = day.peak_credit_use_minor;
      f_.accounts.push_back(std::move(a));
    }
  }

  void check_invariants() {
    ++f_.invariant_checks;
    std::vector<std::string> violations = core_.check_invariants();
    // Our own bookkeeping too: the queue figures are only as good as this.
    int64_t queued_count = 0;
    for (const QueueTotals& t : queue_totals_) queued_count += t.count;
    if (queued_count != static_cast<int64_t>(core_.queued_count())) {
      violations.push_back(fmt::format("simulator: tracked {} queued payments, the core holds {}",
                                       queued_count, core_.queued_count()));
    }
    if (violations.empty()) return;
    f_.invariant_violations = std::move(violations);
    f_.violation_after_command = f_.commands_applied;
    throw InvariantsViolated{};
  }

  size_t index_of(const core::CurrencyCode& code) const {
    for (size_t i = 0; i < s_.currencies.size(); ++i) {
      if (s_.currencies[i].code == code) return i;
    }
    return 0;  // validated away: payments only use defined currencies
  }

  struct Delay {
    int64_t delay_ns = 0;
    core::AmountMinor amount_minor = 0;
  };

  struct QueueTotals {
    int64_t count = 0;
    __int128 value_minor = 0;
  };

  struct DnsOpen {
    core::Uetr uetr;
    core::TimestampNs submitted_ns = 0;
    core::AmountMinor amount_minor = 0;
  };

  static constexpr size_t kNoIndex = static_cast<size_t>(-1);

  const Scenario& s_;
  RunOptions options_;
  core::Core core_;
  Prng setup_uetrs_;
  core::TimestampNs day_start_ns_;
  core::TimestampNs day_end_ns_;
  SimFigures f_;
  std::vector<size_t> currency_index_;      // core CurrencyId -> index in f_.currencies
  std::vector<QueueTotals> account_queue_;  // by AccountId: last seen queue count and value
  std::vector<QueueTotals> queue_totals_;   // by currency index
  absl::flat_hash_map<core::Uetr, core::TimestampNs> queued_since_ns_;
  uint64_t gridlock_settled_in_command_ = 0;
  core::TimestampNs next_sample_ns_ = INT64_MAX;
  core::TimestampNs next_gridlock_ns_ = INT64_MAX;
  core::TimestampNs next_dns_ns_ = INT64_MAX;
  std::vector<std::vector<DnsOpen>> dns_open_;  // by currency index: in the open cycle
  uint64_t submitted_ = 0;                      // payments of the day submitted so far
  // Earliest and latest times of waiting or queued payments still ahead (a min-heap).
  std::priority_queue<core::TimestampNs, std::vector<core::TimestampNs>,
                      std::greater<core::TimestampNs>>
      payment_times_;
  // By currency index: payments settled after a delay, or queued and never settled.
  std::vector<std::vector<Delay>> delays_;
  std::vector<__int128> zero_delay_value_;  // by currency index: settled on submission
};

}  // namespace

void CountValue::add(core::AmountMinor amount_minor) {
  ++count;
  value_minor = core::saturating_add(value_minor, amount_minor);
}

SimFigures run_scenario(const Scenario& scenario, const RunOptions& options) {
  return Simulation(scenario, options).run();
}

}  // namespace corridor::sim
