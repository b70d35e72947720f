#include "journal/observed_replay.h"

#include <variant>
#include <vector>

#include "journal/journal_reader.h"
#include "journal/machine.h"
#include "journal/record_format.h"
#include "journal/recovery.h"

namespace corridor::journal {

uint64_t replay_observed(const std::string& dir, const Observer& observer, uint64_t last_seq) {
  Machine machine;
  std::string fault;
  ScanOptions options;
  options.include_archive = true;
  struct Attached {
    uint32_t index;
    std::span<const uint8_t> bytes;
    size_t offset_in_record;
  };
  std::vector<Attached> attached;
  const ScanResult scan = scan_journal(dir, options, [&](const BatchAt& at) {
    bool go_on = true;
    attached.clear();
    for_each_attachment(at.batch,
                        [&](uint32_t index, std::span<const uint8_t> bytes, size_t offset) {
                          attached.push_back({index, bytes, offset});
                        });
    size_t next_attachment = 0;
    for_each_entry(at.batch, [&](uint32_t index, std::span<const uint8_t> encoded) {
      const uint64_t seq = at.batch.header.first_seq + index;
      if (!go_on || !fault.empty()) return;
      if (last_seq != 0 && seq > last_seq) {
        go_on = false;
        return;
      }
      if (seq != machine.last_seq() + 1) {
        fault = "the journal does not start at sequence 1 (it starts at " + std::to_string(seq) +
                "; are archived segments missing?)";
        return;
      }
      auto decoded = decode_submission(encoded);
      if (auto* error = std::get_if<DecodeError>(&decoded)) {
        fault = at.segment.path + ": sequence " + std::to_string(seq) +
                " does not decode: " + error->what;
        return;
      }
      const Submission& submission = std::get<Submission>(decoded);
      Ack ack;
      ack.applied = machine.apply(seq, submission, submission_content_digest(encoded));
      ack.timestamp_ns = submission.command.timestamp_ns;
      ack.events = machine.events();
      ack.batch_hash = at.batch.batch_hash;
      if (next_attachment < attached.size() && attached[next_attachment].index == index) {
        const Attached& a = attached[next_attachment++];
        ack.attachment = AttachmentRef{at.segment.first_seq, at.offset + a.offset_in_record,
                                       static_cast<uint32_t>(a.bytes.size())};
        ack.attachment_bytes = a.bytes;
      }
      observer(submission, ack, machine);
    });
    return go_on && fault.empty();
  });
  if (!fault.empty()) throw RecoveryError("journal corrupt: " + fault);
  if (scan.fault) throw RecoveryError("journal corrupt: " + scan.fault->to_string());
  return machine.last_seq();
}

}  // namespace corridor::journal
