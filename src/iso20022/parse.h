// Reading incoming messages: bytes -> validated model (model.h).
#pragma once

#include <string_view>

#include "iso20022/limits.h"
#include "iso20022/model.h"

namespace corridor::iso20022 {

// Loads (xml_input.h), locates the AppHdr and Document, and parses and
// validates pacs.008.001.08, pacs.009.001.08 and pacs.004.001.09/.10, the
// requests (camt.056, camt.007, camt.050, camt.005, pacs.028), and reads back
// the types Corridor sends (pacs.002, camt.052, camt.054, camt.029, admi.002,
// a standalone head.001) into their renderers' input structs.
// Every problem found is in Message::problems; a message with structural
// problems has no transactions.
Message parse_message(std::string_view bytes, const Limits& limits = {});

}  // namespace corridor::iso20022
