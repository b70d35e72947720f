// libFuzzer target: one encoded submission (sender, message id, command) from
// untrusted bytes. Decoding never crashes, and the encoding is canonical:
// whatever decodes re-encodes to exactly the same bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "journal/submission.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace corridor::journal;
  const std::span<const uint8_t> bytes(data, size);
  auto decoded = decode_submission(bytes);
  if (auto* s = std::get_if<Submission>(&decoded)) {
    std::vector<uint8_t> again;
    encode_submission(*s, &again);
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) __builtin_trap();
    (void)submission_content_digest(bytes);
  }
  return 0;
}
