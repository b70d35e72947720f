// The element names the pacs parsers read, told apart by length and then a
// fixed-length comparison the compiler inlines (no library call): one pass over a transaction's
// children dispatches on these instead of looking each field up by name.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace corridor::iso20022::internal {

enum class Tag : uint8_t {
  kOther,
  kPmtId,
  kPmtTpInf,
  kIntrBkSttlmAmt,
  kIntrBkSttlmDt,
  kSttlmPrty,
  kSttlmTmReq,
  kInstdAmt,
  kChrgBr,
  kPrvsInstgAgt1,
  kPrvsInstgAgt2,
  kPrvsInstgAgt3,
  kInstgAgt,
  kInstdAgt,
  kIntrmyAgt1,
  kIntrmyAgt2,
  kIntrmyAgt3,
  kDbtr,
  kDbtrAcct,
  kDbtrAgt,
  kCdtrAgt,
  kCdtr,
  kCdtrAcct,
  kRmtInf,
  kUndrlygCstmrCdtTrf,
  kRtrId,
  kOrgnlEndToEndId,
  kOrgnlTxId,
  kOrgnlUETR,
  kRtrdIntrBkSttlmAmt,
  kRtrdInstdAmt,
  kRtrRsnInf,
  kInstrId,
  kEndToEndId,
  kTxId,
  kUETR,
  kInstrPrty,
  kClrChanl,
  kSvcLvl,
  kLclInstrm,
  kCtgyPurp,
  kCd,
  kPrtry,
  kFrTm,
  kTillTm,
  kRjctTm,
  kFinInstnId,
  kBICFI,
  kClrSysMmbId,
  kClrSysId,
  kMmbId,
  kNm,
  kPstlAdr,
  kId,
  kIBAN,
  kOthr,
  kSchmeNm,
  kUstrd,
  kRsn,
  kAdrTp,
  kDept,
  kSubDept,
  kStrtNm,
  kBldgNb,
  kBldgNm,
  kFlr,
  kPstBx,
  kRoom,
  kPstCd,
  kTwnNm,
  kTwnLctnNm,
  kDstrctNm,
  kCtrySubDvsn,
  kCtry,
  kAdrLine,
  kXchgRate,
  kInstrForNxtAgt,
  kInstrInf,
};

inline Tag tag_of(std::string_view name) {
  switch (name.size()) {
    case 2:
      if (std::memcmp(name.data(), "Cd", 2) == 0) return Tag::kCd;
      if (std::memcmp(name.data(), "Nm", 2) == 0) return Tag::kNm;
      if (std::memcmp(name.data(), "Id", 2) == 0) return Tag::kId;
      break;
    case 3:
      if (std::memcmp(name.data(), "Rsn", 3) == 0) return Tag::kRsn;
      if (std::memcmp(name.data(), "Flr", 3) == 0) return Tag::kFlr;
      break;
    case 4:
      if (std::memcmp(name.data(), "Dbtr", 4) == 0) return Tag::kDbtr;
      if (std::memcmp(name.data(), "Cdtr", 4) == 0) return Tag::kCdtr;
      if (std::memcmp(name.data(), "TxId", 4) == 0) return Tag::kTxId;
      if (std::memcmp(name.data(), "UETR", 4) == 0) return Tag::kUETR;
      if (std::memcmp(name.data(), "FrTm", 4) == 0) return Tag::kFrTm;
      if (std::memcmp(name.data(), "IBAN", 4) == 0) return Tag::kIBAN;
      if (std::memcmp(name.data(), "Othr", 4) == 0) return Tag::kOthr;
      if (std::memcmp(name.data(), "Dept", 4) == 0) return Tag::kDept;
      if (std::memcmp(name.data(), "Room", 4) == 0) return Tag::kRoom;
      if (std::memcmp(name.data(), "Ctry", 4) == 0) return Tag::kCtry;
      break;
    case 5:
      if (std::memcmp(name.data(), "PmtId", 5) == 0) return Tag::kPmtId;
      if (std::memcmp(name.data(), "RtrId", 5) == 0) return Tag::kRtrId;
      if (std::memcmp(name.data(), "Prtry", 5) == 0) return Tag::kPrtry;
      if (std::memcmp(name.data(), "BICFI", 5) == 0) return Tag::kBICFI;
      if (std::memcmp(name.data(), "MmbId", 5) == 0) return Tag::kMmbId;
      if (std::memcmp(name.data(), "Ustrd", 5) == 0) return Tag::kUstrd;
      if (std::memcmp(name.data(), "AdrTp", 5) == 0) return Tag::kAdrTp;
      if (std::memcmp(name.data(), "PstBx", 5) == 0) return Tag::kPstBx;
      if (std::memcmp(name.data(), "PstCd", 5) == 0) return Tag::kPstCd;
      if (std::memcmp(name.data(), "TwnNm", 5) == 0) return Tag::kTwnNm;
      break;
    case 6:
      if (std::memcmp(name.data(), "ChrgBr", 6) == 0) return Tag::kChrgBr;
      if (std::memcmp(name.data(), "RmtInf", 6) == 0) return Tag::kRmtInf;
      if (std::memcmp(name.data(), "SvcLvl", 6) == 0) return Tag::kSvcLvl;
      if (std::memcmp(name.data(), "TillTm", 6) == 0) return Tag::kTillTm;
      if (std::memcmp(name.data(), "RjctTm", 6) == 0) return Tag::kRjctTm;
      if (std::memcmp(name.data(), "StrtNm", 6) == 0) return Tag::kStrtNm;
      if (std::memcmp(name.data(), "BldgNb", 6) == 0) return Tag::kBldgNb;
      if (std::memcmp(name.data(), "BldgNm", 6) == 0) return Tag::kBldgNm;
      break;
    case 7:
      if (std::memcmp(name.data(), "DbtrAgt", 7) == 0) return Tag::kDbtrAgt;
      if (std::memcmp(name.data(), "CdtrAgt", 7) == 0) return Tag::kCdtrAgt;
      if (std::memcmp(name.data(), "InstrId", 7) == 0) return Tag::kInstrId;
      if (std::memcmp(name.data(), "PstlAdr", 7) == 0) return Tag::kPstlAdr;
      if (std::memcmp(name.data(), "SchmeNm", 7) == 0) return Tag::kSchmeNm;
      if (std::memcmp(name.data(), "SubDept", 7) == 0) return Tag::kSubDept;
      if (std::memcmp(name.data(), "AdrLine", 7) == 0) return Tag::kAdrLine;
      break;
    case 8:
      if (std::memcmp(name.data(), "PmtTpInf", 8) == 0) return Tag::kPmtTpInf;
      if (std::memcmp(name.data(), "InstdAmt", 8) == 0) return Tag::kInstdAmt;
      if (std::memcmp(name.data(), "InstgAgt", 8) == 0) return Tag::kInstgAgt;
      if (std::memcmp(name.data(), "InstdAgt", 8) == 0) return Tag::kInstdAgt;
      if (std::memcmp(name.data(), "DbtrAcct", 8) == 0) return Tag::kDbtrAcct;
      if (std::memcmp(name.data(), "CdtrAcct", 8) == 0) return Tag::kCdtrAcct;
      if (std::memcmp(name.data(), "ClrChanl", 8) == 0) return Tag::kClrChanl;
      if (std::memcmp(name.data(), "CtgyPurp", 8) == 0) return Tag::kCtgyPurp;
      if (std::memcmp(name.data(), "ClrSysId", 8) == 0) return Tag::kClrSysId;
      if (std::memcmp(name.data(), "DstrctNm", 8) == 0) return Tag::kDstrctNm;
      if (std::memcmp(name.data(), "XchgRate", 8) == 0) return Tag::kXchgRate;
      if (std::memcmp(name.data(), "InstrInf", 8) == 0) return Tag::kInstrInf;
      break;
    case 9:
      if (std::memcmp(name.data(), "SttlmPrty", 9) == 0) return Tag::kSttlmPrty;
      if (std::memcmp(name.data(), "OrgnlTxId", 9) == 0) return Tag::kOrgnlTxId;
      if (std::memcmp(name.data(), "OrgnlUETR", 9) == 0) return Tag::kOrgnlUETR;
      if (std::memcmp(name.data(), "RtrRsnInf", 9) == 0) return Tag::kRtrRsnInf;
      if (std::memcmp(name.data(), "InstrPrty", 9) == 0) return Tag::kInstrPrty;
      if (std::memcmp(name.data(), "LclInstrm", 9) == 0) return Tag::kLclInstrm;
      if (std::memcmp(name.data(), "TwnLctnNm", 9) == 0) return Tag::kTwnLctnNm;
      break;
    case 10:
      if (std::memcmp(name.data(), "SttlmTmReq", 10) == 0) return Tag::kSttlmTmReq;
      if (std::memcmp(name.data(), "IntrmyAgt1", 10) == 0) return Tag::kIntrmyAgt1;
      if (std::memcmp(name.data(), "IntrmyAgt2", 10) == 0) return Tag::kIntrmyAgt2;
      if (std::memcmp(name.data(), "IntrmyAgt3", 10) == 0) return Tag::kIntrmyAgt3;
      if (std::memcmp(name.data(), "EndToEndId", 10) == 0) return Tag::kEndToEndId;
      if (std::memcmp(name.data(), "FinInstnId", 10) == 0) return Tag::kFinInstnId;
      break;
    case 11:
      if (std::memcmp(name.data(), "ClrSysMmbId", 11) == 0) return Tag::kClrSysMmbId;
      if (std::memcmp(name.data(), "CtrySubDvsn", 11) == 0) return Tag::kCtrySubDvsn;
      break;
    case 12:
      if (std::memcmp(name.data(), "RtrdInstdAmt", 12) == 0) return Tag::kRtrdInstdAmt;
      break;
    case 13:
      if (std::memcmp(name.data(), "IntrBkSttlmDt", 13) == 0) return Tag::kIntrBkSttlmDt;
      if (std::memcmp(name.data(), "PrvsInstgAgt1", 13) == 0) return Tag::kPrvsInstgAgt1;
      if (std::memcmp(name.data(), "PrvsInstgAgt2", 13) == 0) return Tag::kPrvsInstgAgt2;
      if (std::memcmp(name.data(), "PrvsInstgAgt3", 13) == 0) return Tag::kPrvsInstgAgt3;
      break;
    case 14:
      if (std::memcmp(name.data(), "IntrBkSttlmAmt", 14) == 0) return Tag::kIntrBkSttlmAmt;
      if (std::memcmp(name.data(), "InstrForNxtAgt", 14) == 0) return Tag::kInstrForNxtAgt;
      break;
    case 15:
      if (std::memcmp(name.data(), "OrgnlEndToEndId", 15) == 0) return Tag::kOrgnlEndToEndId;
      break;
    case 18:
      if (std::memcmp(name.data(), "UndrlygCstmrCdtTrf", 18) == 0) return Tag::kUndrlygCstmrCdtTrf;
      if (std::memcmp(name.data(), "RtrdIntrBkSttlmAmt", 18) == 0) return Tag::kRtrdIntrBkSttlmAmt;
      break;
    default:
      break;
  }
  return Tag::kOther;
}

}  // namespace corridor::iso20022::internal
