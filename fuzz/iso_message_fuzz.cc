// libFuzzer target: an incoming ISO 20022 message (any bytes a bank could
// send). parse_message() must refuse or accept it within the limits, never
// crash or read out of bounds; what it accepts must map to commands or to
// problems, nothing in between.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iso20022/mapping.h"
#include "iso20022/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace corridor::iso20022;
  Limits limits;
  limits.message_bytes_max = 1 << 20;
  limits.transactions_max = 1'000;
  const Message message =
      parse_message(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (!message.ok()) {
    if (!message.transactions.empty() && message.type == std::nullopt) __builtin_trap();
    return 0;
  }
  const Mapping mapping = map_to_commands(message);
  if (mapping.payments.size() + mapping.problems.size() == 0 && !message.transactions.empty()) {
    __builtin_trap();  // every transaction maps to a payment or a problem
  }
  return 0;
}
