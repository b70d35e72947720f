// The element names the pacs parsers read, told apart by length and then a
// comparison the compiler inlines: one pass over a transaction's children
// dispatches on these instead of looking each field up by name.
#pragma once

#include <cstdint>
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
};

inline Tag tag_of(std::string_view name) {
  switch (name.size()) {
    case 2:
      if (name == "Cd") return Tag::kCd;
      if (name == "Nm") return Tag::kNm;
      if (name == "Id") return Tag::kId;
      break;
    case 3:
      if (name == "Rsn") return Tag::kRsn;
      if (name == "Flr") return Tag::kFlr;
      break;
    case 4:
      if (name == "Dbtr") return Tag::kDbtr;
      if (name == "Cdtr") return Tag::kCdtr;
      if (name == "TxId") return Tag::kTxId;
      if (name == "UETR") return Tag::kUETR;
      if (name == "FrTm") return Tag::kFrTm;
      if (name == "IBAN") return Tag::kIBAN;
      if (name == "Othr") return Tag::kOthr;
      if (name == "Dept") return Tag::kDept;
      if (name == "Room") return Tag::kRoom;
      if (name == "Ctry") return Tag::kCtry;
      break;
    case 5:
      if (name == "PmtId") return Tag::kPmtId;
      if (name == "RtrId") return Tag::kRtrId;
      if (name == "Prtry") return Tag::kPrtry;
      if (name == "BICFI") return Tag::kBICFI;
      if (name == "MmbId") return Tag::kMmbId;
      if (name == "Ustrd") return Tag::kUstrd;
      if (name == "AdrTp") return Tag::kAdrTp;
      if (name == "PstBx") return Tag::kPstBx;
      if (name == "PstCd") return Tag::kPstCd;
      if (name == "TwnNm") return Tag::kTwnNm;
      break;
    case 6:
      if (name == "ChrgBr") return Tag::kChrgBr;
      if (name == "RmtInf") return Tag::kRmtInf;
      if (name == "SvcLvl") return Tag::kSvcLvl;
      if (name == "TillTm") return Tag::kTillTm;
      if (name == "RjctTm") return Tag::kRjctTm;
      if (name == "StrtNm") return Tag::kStrtNm;
      if (name == "BldgNb") return Tag::kBldgNb;
      if (name == "BldgNm") return Tag::kBldgNm;
      break;
    case 7:
      if (name == "DbtrAgt") return Tag::kDbtrAgt;
      if (name == "CdtrAgt") return Tag::kCdtrAgt;
      if (name == "InstrId") return Tag::kInstrId;
      if (name == "PstlAdr") return Tag::kPstlAdr;
      if (name == "SchmeNm") return Tag::kSchmeNm;
      if (name == "SubDept") return Tag::kSubDept;
      if (name == "AdrLine") return Tag::kAdrLine;
      break;
    case 8:
      if (name == "PmtTpInf") return Tag::kPmtTpInf;
      if (name == "InstdAmt") return Tag::kInstdAmt;
      if (name == "InstgAgt") return Tag::kInstgAgt;
      if (name == "InstdAgt") return Tag::kInstdAgt;
      if (name == "DbtrAcct") return Tag::kDbtrAcct;
      if (name == "CdtrAcct") return Tag::kCdtrAcct;
      if (name == "ClrChanl") return Tag::kClrChanl;
      if (name == "CtgyPurp") return Tag::kCtgyPurp;
      if (name == "ClrSysId") return Tag::kClrSysId;
      if (name == "DstrctNm") return Tag::kDstrctNm;
      break;
    case 9:
      if (name == "SttlmPrty") return Tag::kSttlmPrty;
      if (name == "OrgnlTxId") return Tag::kOrgnlTxId;
      if (name == "OrgnlUETR") return Tag::kOrgnlUETR;
      if (name == "RtrRsnInf") return Tag::kRtrRsnInf;
      if (name == "InstrPrty") return Tag::kInstrPrty;
      if (name == "LclInstrm") return Tag::kLclInstrm;
      if (name == "TwnLctnNm") return Tag::kTwnLctnNm;
      break;
    case 10:
      if (name == "SttlmTmReq") return Tag::kSttlmTmReq;
      if (name == "IntrmyAgt1") return Tag::kIntrmyAgt1;
      if (name == "IntrmyAgt2") return Tag::kIntrmyAgt2;
      if (name == "IntrmyAgt3") return Tag::kIntrmyAgt3;
      if (name == "EndToEndId") return Tag::kEndToEndId;
      if (name == "FinInstnId") return Tag::kFinInstnId;
      break;
    case 11:
      if (name == "ClrSysMmbId") return Tag::kClrSysMmbId;
      if (name == "CtrySubDvsn") return Tag::kCtrySubDvsn;
      break;
    case 12:
      if (name == "RtrdInstdAmt") return Tag::kRtrdInstdAmt;
      break;
    case 13:
      if (name == "IntrBkSttlmDt") return Tag::kIntrBkSttlmDt;
      if (name == "PrvsInstgAgt1") return Tag::kPrvsInstgAgt1;
      if (name == "PrvsInstgAgt2") return Tag::kPrvsInstgAgt2;
      if (name == "PrvsInstgAgt3") return Tag::kPrvsInstgAgt3;
      break;
    case 14:
      if (name == "IntrBkSttlmAmt") return Tag::kIntrBkSttlmAmt;
      break;
    case 15:
      if (name == "OrgnlEndToEndId") return Tag::kOrgnlEndToEndId;
      break;
    case 18:
      if (name == "UndrlygCstmrCdtTrf") return Tag::kUndrlygCstmrCdtTrf;
      if (name == "RtrdIntrBkSttlmAmt") return Tag::kRtrdIntrBkSttlmAmt;
      break;
    default:
      break;
  }
  return Tag::kOther;
}

}  // namespace corridor::iso20022::internal
