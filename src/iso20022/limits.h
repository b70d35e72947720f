// Hard limits on incoming messages, checked before (size) or while (depth,
// transactions) a message is read, so hostile input costs bounded time and memory.
#pragma once

#include <cstddef>

namespace corridor::iso20022 {

struct Limits {
  size_t message_bytes_max = 10 << 20;  // checked before any parsing
  int element_depth_max = 64;           // the deepest ISO 20022 message is far shallower
  size_t transactions_max = 10'000;     // counted before the model is built
};

}  // namespace corridor::iso20022
