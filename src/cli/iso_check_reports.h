// `corridor iso check` lines for the types Corridor sends (pacs.002, camt.052,
// camt.054, camt.029, admi.002) and a standalone head.001: what was read back
// into their renderers' input structs, with ids and amounts.
#pragma once

#include <string>

#include "core/money.h"
#include "iso20022/model.h"

namespace corridor::cli {

// "1000.25 EUR": exact decimal text of int64 minor units.
std::string format_amount(core::AmountMinor amount_minor, std::string_view currency);

// Prints the read-back struct of `message`, if it has one.
void print_read_back(const iso20022::Message& message);

}  // namespace corridor::cli
