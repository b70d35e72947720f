#include "workload.h"

#include <malloc.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <string_view>

#include "core/reason.h"

namespace corridor::bench {

core::Bic central_bank_bic() {
  return *core::Bic::parse("CBNKDEFF");
}

core::Bic participant_bic(uint32_t index) {
  std::array<char, 8> text = {'A', 'A', 'A', 'A', 'N', 'L', '2', 'A'};
  for (int i = 3; i >= 0; --i) {
    text[i] = static_cast<char>('A' + index % 26);
    index /= 26;
  }
  return *core::Bic::parse(std::string_view(text.data(), text.size()));
}

core::CurrencyCode bench_currency() {
  return *core::CurrencyCode::parse("EUR");
}

core::Command CommandSource::next(core::CommandBody body) {
  now_ns_ += kCommandSpacingNs;
  return core::Command{now_ns_, std::move(body)};
}

core::Uetr CommandSource::next_uetr() {
  ++uetr_seq_;
  // The low word carries the sequence number, so UETRs never collide within a source.
  SplitMix64 mix(uetr_salt_ ^ (uetr_seq_ * 0x9E3779B97F4A7C15ull));
  return core::Uetr::from_bits(mix.next(), uetr_seq_);
}

core::Command CommandSource::payment(const core::Bic& debtor, const core::Bic& creditor,
                                     core::AmountMinor amount, core::Priority priority) {
  core::SubmitPayment p;
  p.uetr = next_uetr();
  std::array<char, 24> id = {'B', 'E', 'N', 'C', 'H', '-'};
  const auto end = std::to_chars(id.data() + 6, id.data() + id.size(), uetr_seq_).ptr;
  p.instruction_id.assign(std::string_view(id.data(), static_cast<size_t>(end - id.data())));
  p.debtor_agent = debtor;
  p.creditor_agent = creditor;
  p.currency = bench_currency();
  p.amount_minor = amount;
  p.priority = priority;
  return next(std::move(p));
}

core::Command CommandSource::liquidity(const core::Bic& from, const core::Bic& to,
                                       core::AmountMinor amount) {
  core::LiquidityTransfer t;
  t.uetr = next_uetr();
  t.from = from;
  t.to = to;
  t.currency = bench_currency();
  t.amount_minor = amount;
  return next(std::move(t));
}

bool apply_setup(Market& market, const core::Command& command) {
  const core::Result result = market.core.apply(command);
  if (result.ok()) return true;
  if (market.error.empty()) {
    market.error = std::string("setup command ") + core::command_name(command.body) +
                   " rejected: " + std::string(core::iso_code(result.reason)) + " " +
                   std::string(core::reason_text(result.reason));
  }
  return false;
}

Market build_market(uint32_t participants, core::AmountMinor liquidity_each, uint64_t salt) {
  Market m;
  m.source = CommandSource(salt);
  const core::CurrencyCode eur = bench_currency();
  const core::Bic cb = central_bank_bic();
  bool ok = apply_setup(m, m.source.next(core::DefineCurrency{eur, 2}));
  ok = ok && apply_setup(m, m.source.next(core::AddParticipant{cb, "Central bank",
                                                               core::ParticipantKind::kCentralBank,
                                                               core::Bic(), eur}));
  ok = ok && apply_setup(m, m.source.next(core::OpenAccount{cb, eur}));
  m.bics.reserve(participants);
  for (uint32_t i = 0; ok && i < participants; ++i) {
    const core::Bic bic = participant_bic(i);
    m.bics.push_back(bic);
    ok = apply_setup(m, m.source.next(core::AddParticipant{bic, "Bank " + std::to_string(i),
                                                           core::ParticipantKind::kDirect,
                                                           core::Bic(), core::CurrencyCode()})) &&
         apply_setup(m, m.source.next(core::OpenAccount{bic, eur}));
    if (ok && liquidity_each > 0) ok = apply_setup(m, m.source.liquidity(cb, bic, liquidity_each));
  }
  return m;
}

uint64_t heap_in_use_bytes() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<uint64_t>(info.uordblks) + static_cast<uint64_t>(info.hblkhd);
}

uint64_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size_pages = 0;
  unsigned long resident_pages = 0;
  const int n = std::fscanf(f, "%lu %lu", &size_pages, &resident_pages);
  std::fclose(f);
  if (n != 2) return 0;
  return static_cast<uint64_t>(resident_pages) * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace corridor::bench
