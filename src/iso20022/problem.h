// What is wrong with an incoming message: where (element path), the ISO 20022
// external status reason code (docs/iso20022.md has the table) and a readable text.
// Structural problems are what an admi.002 carries; the others a pacs.002 RJCT.
#pragma once

#include <string>
#include <vector>

namespace corridor::iso20022 {

struct Problem {
  // Local names from the Document (or AppHdr) down, with [n] (1-based) when a
  // parent has several children of that name:
  // /Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/IntrBkSttlmAmt
  std::string path;
  std::string code;  // ISO ExternalStatusReason1Code, e.g. "FF01", "AM03"
  std::string text;
  // True for problems that make the message unreadable as a whole (size, UTF-8,
  // DOCTYPE, well-formedness, depth, unknown type): these are answered by admi.002.
  bool structural = false;
};

using Problems = std::vector<Problem>;

}  // namespace corridor::iso20022
