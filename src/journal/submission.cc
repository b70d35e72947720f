#include "journal/submission.h"

#include <xxhash.h>

#include <string>
#include <string_view>

namespace corridor::journal {
namespace {

constexpr size_t kSenderBytes = 11;
constexpr std::string_view kNoSender = "           ";

}  // namespace

void encode_submission(const Submission& submission, std::vector<uint8_t>* out) {
  const std::string_view sender = submission.sender.empty() ? kNoSender : submission.sender.bic11();
  out->insert(out->end(), sender.begin(), sender.end());
  const std::string_view id = submission.message_id.view();
  out->push_back(static_cast<uint8_t>(id.size()));
  out->insert(out->end(), id.begin(), id.end());
  encode_command(submission.command, out);
}

std::variant<Submission, DecodeError> decode_submission(std::span<const uint8_t> bytes) {
  Submission s;
  if (bytes.size() < kSenderBytes + 1) return DecodeError{"submission: record ends early"};
  const std::string_view sender(reinterpret_cast<const char*>(bytes.data()), kSenderBytes);
  if (sender != kNoSender) {
    auto bic = core::Bic::parse(sender);
    if (!bic) return DecodeError{"submission.sender: not a BIC"};
    s.sender = *bic;
  }
  const size_t id_length = bytes[kSenderBytes];
  if (id_length > core::InstructionId::kLengthMax) {
    return DecodeError{"submission.message_id: longer than 35 characters"};
  }
  if (bytes.size() < kSenderBytes + 1 + id_length) {
    return DecodeError{"submission.message_id: record ends early"};
  }
  const std::string_view id(reinterpret_cast<const char*>(bytes.data()) + kSenderBytes + 1,
                            id_length);
  s.message_id.assign(id);
  auto command = decode_command(bytes.subspan(kSenderBytes + 1 + id_length));
  if (auto* error = std::get_if<DecodeError>(&command)) return *error;
  s.command = std::move(std::get<core::Command>(command));
  return s;
}

uint64_t submission_content_digest(std::span<const uint8_t> encoded) {
  if (encoded.size() < kSenderBytes + 1) return 0;
  // The command's timestamp sits after the command type byte.
  const size_t timestamp_at = kSenderBytes + 1 + encoded[kSenderBytes] + 1;
  if (encoded.size() < timestamp_at + 8) return 0;
  const uint64_t head = XXH3_64bits(encoded.data(), timestamp_at);
  return XXH3_64bits_withSeed(encoded.data() + timestamp_at + 8, encoded.size() - timestamp_at - 8,
                              head);
}

}  // namespace corridor::journal
