#include "gateway/instruction_key.h"

#include <xxhash.h>

#include <cstring>
#include <random>

namespace corridor::gateway {
namespace {

uint64_t process_secret() {
  static const uint64_t secret = [] {
    std::random_device random;
    return (uint64_t{random()} << 32) ^ random();
  }();
  return secret;
}

}  // namespace

InstructionFingerprint fingerprint(const core::Bic& submitter,
                                   const core::InstructionId& instruction_id) {
  uint8_t bytes[8 + core::InstructionId::kLengthMax];
  const uint64_t sender = submitter.packed();
  std::memcpy(bytes, &sender, 8);
  const std::string_view id = instruction_id.view();
  std::memcpy(bytes + 8, id.data(), id.size());
  const XXH128_hash_t h = XXH3_128bits_withSeed(bytes, 8 + id.size(), process_secret());
  return InstructionFingerprint{h.high64, h.low64};
}

}  // namespace corridor::gateway
