// libFuzzer target: an incoming ISO 20022 message (any bytes a bank could
// send). parse_message() must refuse or accept it within the limits, never
// crash or read out of bounds; what it accepts must map to commands or to
// problems, nothing in between. A type Corridor sends maps to one problem and
// renders again from what was read, or is refused by its renderer (RenderError).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "iso20022/mapping.h"
#include "iso20022/parse.h"
#include "iso20022/render.h"

namespace {

using namespace corridor::iso20022;

void render_read_back(const Message& m) {
  const HeaderInput header = m.header_input.value_or(HeaderInput{});
  std::string out;
  try {
    if (m.status_report) render_pacs002(header, *m.status_report, out);
    if (m.account_report) render_camt052(header, *m.account_report, out);
    if (m.notification) render_camt054(header, *m.notification, out);
    if (m.resolution) render_camt029(header, *m.resolution, out);
    if (m.message_reject) render_admi002(header, *m.message_reject, out);
  } catch (const RenderError&) {
    // What the renderer cannot express is refused, never written half-valid.
  }
}

}  // namespace

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
  if (message.type && corridor_sends(*message.type)) {
    if (mapping.problems.size() != 1 || !mapping.commands.empty()) __builtin_trap();
    render_read_back(message);
    return 0;
  }
  if (mapping.payments.size() + mapping.problems.size() == 0 && !message.transactions.empty()) {
    __builtin_trap();  // every transaction maps to a payment or a problem
  }
  return 0;
}
