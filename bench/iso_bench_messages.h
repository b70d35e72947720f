// The pacs.008 messages the ISO benchmarks read (iso_parse_bench.cc) and
// answer (iso_render_bench.cc), in the shape CBPR+ banks send (AppHdr +
// Document, BICs, IBANs, UETRs).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace corridor::bench {

inline std::string transaction(uint64_t n) {
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

// The same transaction with what forwarding keeps besides: payment type,
// agents' clearing-system ids, names and postal addresses, an account number
// instead of an IBAN, remittance lines (about 1.5 KB).
inline std::string rich_transaction(uint64_t n) {
  std::string tx = transaction(n);
  const auto replace = [&tx](const std::string& from, const std::string& to) {
    tx.replace(tx.find(from), from.size(), to);
  };
  replace("<InstrPrty>NORM</InstrPrty>",
          "<InstrPrty>NORM</InstrPrty><SvcLvl><Cd>G001</Cd></SvcLvl>"
          "<LclInstrm><Prtry>CTRC</Prtry></LclInstrm>");
  replace("<InstgAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI>",
          "<InstgAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI><ClrSysMmbId><ClrSysId><Cd>DEBLZ</Cd>"
          "</ClrSysId><MmbId>37040044</MmbId></ClrSysMmbId>");
  replace("<Dbtr><Nm>Debtor GmbH</Nm></Dbtr>",
          "<Dbtr><Nm>Debtor GmbH</Nm><PstlAdr><StrtNm>Hauptstrasse</StrtNm><BldgNb>1</BldgNb>"
          "<PstCd>10115</PstCd><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry></PstlAdr></Dbtr>");
  replace("<DbtrAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI>",
          "<DbtrAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI><Nm>Bank Deutschland</Nm>"
          "<PstlAdr><AdrLine>Platz 1</AdrLine><AdrLine>60311 Frankfurt</AdrLine></PstlAdr>");
  replace("<Cdtr><Nm>Creditor SA</Nm></Cdtr>",
          "<Cdtr><Nm>Creditor SA</Nm><PstlAdr><TwnNm>Paris</TwnNm><Ctry>FR</Ctry>"
          "<AdrLine>12 rue de la Paix</AdrLine></PstlAdr></Cdtr>");
  replace("<CdtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></CdtrAcct>",
          "<CdtrAcct><Id><Othr><Id>00012345678</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id>"
          "</CdtrAcct><RmtInf><Ustrd>Invoice " +
              std::to_string(n) + "</Ustrd><Ustrd>Thank you</Ustrd></RmtInf>");
  return tx;
}

inline std::string pacs008(uint64_t first, int count, bool rich = false) {
  std::string txs;
  for (int i = 0; i < count; ++i) {
    const uint64_t n = first + static_cast<uint64_t>(i);
    txs += rich ? rich_transaction(n) : transaction(n);
  }
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

// The message with its InstrId and EndToEndId 20 characters and longer, as
// the service benchmark's (serve_bench.cc) and many banks' are: past the 15
// characters std::string keeps without a heap allocation.
inline std::string with_long_ids(std::string message) {
  for (const std::string tag : {"<InstrId>", "<EndToEndId>"}) {
    const std::string prefix = "BANKDEFF-20261127-";
    for (size_t at = message.find(tag); at != std::string::npos; at = message.find(tag, at + 1)) {
      message.insert(at + tag.size(), prefix);
    }
  }
  return message;
}

}  // namespace corridor::bench
