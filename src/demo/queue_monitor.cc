#include "demo/queue_monitor.h"

#include <algorithm>

#include "core/core.h"

namespace corridor::demo {

uint64_t QueueFigures::total_count() const {
  uint64_t total = 0;
  for (uint64_t c : count) total += c;
  return total;
}

QueueFigures sample_queues(journal::Engine& engine, const TrafficModel& model) {
  const size_t currencies = model.currencies().size();
  QueueFigures figures{std::vector<uint64_t>(currencies, 0),
                       std::vector<core::AmountMinor>(currencies, 0)};
  engine.inspect([&](const journal::Machine& machine) {
    const core::Core& core = machine.core();
    if (core.queued_count() == 0) return;  // the usual case: nothing to walk
    for (core::AccountId id = 0; id < core.account_count(); ++id) {
      const core::Account& account = core.account(id);
      const core::CurrencyCode& code = core.currency(account.currency).code;
      size_t index = currencies;
      for (size_t c = 0; c < currencies; ++c) {
        if (model.currencies()[c].code == code) index = c;
      }
      if (index == currencies) continue;  // a currency the configuration does not name
      figures.value_minor[index] += account.queued_value_minor;
      for (int p = 0; p < core::kPriorityCount; ++p) {
        figures.count[index] += core.queue_snapshot(id, static_cast<core::Priority>(p)).size();
      }
    }
  });
  return figures;
}

void QueuePeaks::update(const QueueFigures& now) {
  for (size_t c = 0; c < count_.size(); ++c) {
    count_[c] = std::max(count_[c], now.count[c]);
    value_minor_[c] = std::max(value_minor_[c], now.value_minor[c]);
  }
  total_count_ = std::max(total_count_, now.total_count());
}

std::vector<bool> still_pending(journal::Engine& engine, const std::vector<core::Uetr>& uetrs) {
  std::vector<bool> pending(uetrs.size(), false);
  engine.inspect([&](const journal::Machine& machine) {
    for (size_t i = 0; i < uetrs.size(); ++i) {
      pending[i] = machine.core().find_pending(uetrs[i]) != nullptr;
    }
  });
  return pending;
}

}  // namespace corridor::demo
