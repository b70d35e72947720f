// Parsing incoming pacs.008 (issue 4, docs/performance.md): bytes -> checked
// model -> core commands, on one core. Messages are built once, before timing,
// in the shape CBPR+ banks send (AppHdr + Document, BICs, IBANs, UETRs).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "iso20022/mapping.h"
#include "iso20022/parse.h"

namespace {

using namespace corridor::iso20022;

std::string transaction(uint64_t n) {
  char uetr[64];
  std::snprintf(uetr, sizeof(uetr), "%08llx-0000-4000-8000-%012llx",
                static_cast<unsigned long long>((n >> 16) & 0xFFFFFFFF),
                static_cast<unsigned long long>(n & 0xFFFFFFFFFFFF));
  return std::string(R"(<CdtTrfTxInf><PmtId><InstrId>I)") + std::to_string(n) +
         "</InstrId><EndToEndId>E" + std::to_string(n) + "</EndToEndId><UETR>" + uetr +
         R"(</UETR></PmtId><PmtTpInf><InstrPrty>NORM</InstrPrty></PmtTpInf>)"
         R"(<IntrBkSttlmAmt Ccy="EUR">)" +
         std::to_string(100 + n % 100000) + "." + std::to_string(10 + n % 90) +
         R"(</IntrBkSttlmAmt><IntrBkSttlmDt>2026-11-27</IntrBkSttlmDt><ChrgBr>SHAR</ChrgBr>)"
         R"(<InstgAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></InstgAgt>)"
         R"(<InstdAgt><FinInstnId><BICFI>BANKFRPPXXX</BICFI></FinInstnId></InstdAgt>)"
         R"(<Dbtr><Nm>Debtor GmbH</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>)"
         R"(<DbtrAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></DbtrAgt>)"
         R"(<CdtrAgt><FinInstnId><BICFI>BANKFRPPXXX</BICFI></FinInstnId></CdtrAgt>)"
         R"(<Cdtr><Nm>Creditor SA</Nm></Cdtr><CdtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></CdtrAcct>)"
         R"(</CdtTrfTxInf>)";
}

std::string pacs008(uint64_t first, int count) {
  std::string txs;
  for (int i = 0; i < count; ++i) txs += transaction(first + static_cast<uint64_t>(i));
  return std::string(R"(<BusinessMessage>)"
                     R"(<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">)"
                     R"(<Fr><FIId><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></FIId></Fr>)"
                     R"(<To><FIId><FinInstnId><BICFI>CRDRXXYYXXX</BICFI></FinInstnId></FIId></To>)"
                     R"(<BizMsgIdr>B)") +
         std::to_string(first) +
         R"(</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr>)"
         R"(<CreDt>2026-11-27T10:00:00Z</CreDt></AppHdr>)"
         R"(<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>)"
         R"(<GrpHdr><MsgId>M)" +
         std::to_string(first) + R"(</MsgId><CreDtTm>2026-11-27T10:00:00Z</CreDtTm><NbOfTxs>)" +
         std::to_string(count) +
         R"(</NbOfTxs><SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf></GrpHdr>)" + txs +
         R"(</FIToFICstmrCdtTrf></Document></BusinessMessage>)";
}

void run(benchmark::State& state, int transactions) {
  const std::string message = pacs008(1, transactions);
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
// Items = transactions: target >= 500,000/s.
void BM_ParseValidateMapPacs008Thousand(benchmark::State& state) {
  run(state, 1000);
}

BENCHMARK(BM_ParseValidateMapPacs008Single);
BENCHMARK(BM_ParseValidateMapPacs008Thousand);

}  // namespace
