// libFuzzer target: a journal batch record from untrusted bytes (a damaged or
// forged segment). parse_batch must never read out of bounds, and every entry
// of a batch it accepts must decode or be refused with an error.
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "journal/record_format.h"
#include "journal/submission.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace corridor::journal;
  const std::span<const uint8_t> bytes(data, size);
  for (const bool verify_hash : {false, true}) {
    const ParseResult parsed = parse_batch(bytes, verify_hash);
    if (parsed.status != ParseStatus::kOk) continue;
    for_each_entry(parsed.view, [](uint32_t, std::span<const uint8_t> entry) {
      auto decoded = decode_submission(entry);
      if (auto* s = std::get_if<Submission>(&decoded)) {
        // Canonical: what decodes re-encodes to the same bytes.
        std::vector<uint8_t> again;
        encode_submission(*s, &again);
        if (again.size() != entry.size() ||
            !std::equal(again.begin(), again.end(), entry.begin())) {
          __builtin_trap();
        }
      }
    });
  }
  return 0;
}
