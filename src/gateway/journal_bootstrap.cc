#include "gateway/journal_bootstrap.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <future>
#include <mutex>
#include <stdexcept>
#include <variant>

#include "core/reason.h"
#include "gateway/reference_data.h"

namespace corridor::gateway {

OpenedJournal open_service_journal(
    const ServiceConfig& config, std::function<void(const std::string&)> engine_log,
    journal::Observer observer, std::function<void(const journal::Submission&)> observer_prefetch) {
  std::vector<core::CommandBody> reference = reference_data_commands(config);
  journal::EngineOptions options;
  options.dir = config.service.journal_dir;
  options.index_keys_reserved = 2 * config.service.exactly_once_payments_reserved;
  // The engine journals this Configure first on a new journal; it is the
  // same Configure reference_data_commands starts with.
  const auto* configure = std::get_if<core::Configure>(&reference.front());
  if (configure == nullptr) throw std::logic_error("reference data must start with Configure");
  options.core_config.value_date_initial = configure->value_date_initial;
  // A secret per start: the duplicate indexes' layout must not be predictable,
  // or a participant could choose UETRs that collide (the seed changes no state).
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&options.core_config.dedupe_hash_seed),
                 sizeof(options.core_config.dedupe_hash_seed)) != 1) {
    throw std::runtime_error("no random seed for the duplicate indexes (RAND_bytes failed)");
  }
  options.log = std::move(engine_log);
  options.observer = std::move(observer);
  options.observer_prefetch = std::move(observer_prefetch);

  OpenedJournal opened;
  opened.engine = journal::Engine::open(std::move(options));
  if (opened.engine->recovery().last_seq > 0) return opened;

  // One block, submitted back to back so that they share a batch (one sync);
  // completions arrive in order on the apply thread.
  struct Wait {
    std::mutex mutex;
    std::string first_refusal;
    size_t remaining = 0;
    std::promise<void> done;
  };
  auto wait = std::make_shared<Wait>();
  wait->remaining = reference.size() - 1;
  std::future<void> done = wait->done.get_future();
  for (size_t i = 1; i < reference.size(); ++i) {
    journal::Submission submission{core::Bic(), core::InstructionId(),
                                   core::Command{0, std::move(reference[i])}};
    opened.engine->submit(std::move(submission), [wait, i](const journal::Ack& ack) {
      std::lock_guard<std::mutex> lock(wait->mutex);
      const bool ok = ack.status == journal::AckStatus::kApplied && ack.applied.result.ok();
      if (!ok && wait->first_refusal.empty()) {
        wait->first_refusal =
            fmt::format("reference data command {} was not applied: {}", i,
                        ack.status == journal::AckStatus::kFailed
                            ? std::string("journal failure")
                            : std::string(core::reason_text(ack.applied.result.reason)));
      }
      if (--wait->remaining == 0) wait->done.set_value();
    });
  }
  if (reference.size() > 1) done.wait();
  if (!wait->first_refusal.empty()) throw std::runtime_error(wait->first_refusal);
  opened.initialised = true;
  opened.reference_commands = reference.size();
  return opened;
}

}  // namespace corridor::gateway
