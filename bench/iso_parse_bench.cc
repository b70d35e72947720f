// Parsing incoming pacs.008 (issue 4, docs/performance.md): bytes -> checked
// model -> core commands, on one core. Messages are built once, before timing,
// in the shape CBPR+ banks send (AppHdr + Document, BICs, IBANs, UETRs).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "iso20022/mapping.h"
#include "iso20022/parse.h"
#include "iso_bench_messages.h"

namespace {

using namespace corridor::iso20022;
using corridor::bench::pacs008;

void run(benchmark::State& state, int transactions, bool rich = false, bool long_ids = false) {
  const std::string message = long_ids ? corridor::bench::with_long_ids(pacs008(1, transactions))
                                       : pacs008(1, transactions, rich);
  {
    const Message m = parse_message(message);
    const Mapping mapped = map_to_commands(m);
    if (!m.ok() || !mapped.ok() || mapped.payments.size() != static_cast<size_t>(transactions)) {
      state.SkipWithError(m.ok() ? mapped.problems.front().text.c_str()
                                 : m.problems.front().text.c_str());
      return;
    }
  }
  for (auto _ : state) {
    const Message m = parse_message(message);
    const Mapping mapped = map_to_commands(m);
    benchmark::DoNotOptimize(mapped.payments.data());
  }
  state.SetItemsProcessed(state.iterations() * transactions);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(message.size()));
}

// Items = messages: target >= 100,000/s.
void BM_ParseValidateMapPacs008Single(benchmark::State& state) {
  run(state, 1);
}
// Items = transactions: the size issue 5's HTTPS benchmark posts.
void BM_ParseValidateMapPacs008Hundred(benchmark::State& state) {
  run(state, 100);
}
// The same with 20-character and longer ids, as the service benchmark sends.
void BM_ParseValidateMapPacs008HundredLongIds(benchmark::State& state) {
  run(state, 100, /*rich=*/false, /*long_ids=*/true);
}
// Items = transactions: target >= 500,000/s.
void BM_ParseValidateMapPacs008Thousand(benchmark::State& state) {
  run(state, 1000);
}

// The same with the fields forwarding keeps (no target: for comparison).
void BM_ParseValidateMapPacs008ThousandRich(benchmark::State& state) {
  run(state, 1000, /*rich=*/true);
}

BENCHMARK(BM_ParseValidateMapPacs008Single);
BENCHMARK(BM_ParseValidateMapPacs008Hundred);
BENCHMARK(BM_ParseValidateMapPacs008HundredLongIds);
BENCHMARK(BM_ParseValidateMapPacs008Thousand);
BENCHMARK(BM_ParseValidateMapPacs008ThousandRich);

}  // namespace
