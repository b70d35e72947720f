// A submission: one command as the sequencer received it, with who sent it and
// under which message id. This is what the journal stores, one per sequence
// number, and what exactly-once submission keys on (submission_index.h).
//
// Encoding (docs/journal-format.md, "Submission"): the sender as 11 bytes
// (BIC11, or 11 spaces for none), the message id as a u8 length (at most 35)
// and its bytes, then the command (command_codec.h).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/bic.h"
#include "core/command.h"
#include "journal/command_codec.h"

namespace corridor::journal {

struct Submission {
  core::Bic sender;                // the authenticated submitter; empty for the operator's own jobs
  core::InstructionId message_id;  // the sender's id for this instruction; may be empty
  core::Command command;
  // Bytes journaled with this submission in its batch (record_format.h), not
  // part of the submission's encoding, digest or the machine's state: the
  // service's copy of the ISO 20022 message the command came from. Shared, so
  // that handing it on copies no message.
  std::shared_ptr<const std::string> attachment{};
};

void encode_submission(const Submission& submission, std::vector<uint8_t>* out);
std::variant<Submission, DecodeError> decode_submission(std::span<const uint8_t> bytes);

// A digest of everything in an encoded submission except the sequencer's
// timestamp: two submissions with equal digests carry the same instruction.
// Returns 0 for bytes too short to be a submission.
uint64_t submission_content_digest(std::span<const uint8_t> encoded);

}  // namespace corridor::journal
