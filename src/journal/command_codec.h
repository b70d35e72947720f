// Binary encoding of core commands, for the journal (docs/journal-format.md).
//
// One command is: a type byte, the sequencer's timestamp, then the command's
// fields in declaration order, all little-endian and fixed-width, strings as
// a u32 length and bytes. The encoding is canonical: decode(encode(c)) == c and
// encode(decode(b)) == b for every b that decodes. decode() never trusts its
// input: a short, over-long or malformed record is an error naming the field.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/command.h"

namespace corridor::journal {

// Appends the encoding of `command` to `out`.
void encode_command(const core::Command& command, std::vector<uint8_t>* out);

struct DecodeError {
  std::string what;  // e.g. "SubmitPayment.debtor_agent: not a BIC"
};

// Decodes exactly one command from the whole of `bytes`.
std::variant<core::Command, DecodeError> decode_command(std::span<const uint8_t> bytes);

}  // namespace corridor::journal
