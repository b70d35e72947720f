#include "journal/appender.h"

#include "journal/journal_reader.h"

namespace corridor::journal {

Appender::Appender(AppenderOptions options, std::unique_ptr<SegmentWriter> writer)
    : options_(options), writer_(std::move(writer)) {}

std::unique_ptr<Appender> Appender::create(const std::string& dir, const AppenderOptions& options) {
  ScanOptions scan_options;
  scan_options.verify_hash = false;
  scan_options.include_archive = true;
  const ScanResult scan = scan_journal(dir, scan_options, nullptr);
  if (scan.fault || scan.torn_tail || scan.batch_count > 0) {
    throw IoError("journal directory " + dir + " already holds a journal");
  }
  return std::unique_ptr<Appender>(
      new Appender(options, SegmentWriter::open(dir, scan, options.writer)));
}

Appender::~Appender() {
  try {
    flush();
  } catch (const std::exception&) {
    // Reported by an explicit flush(); a destructor must not throw.
  }
}

void Appender::append(const Submission& submission) {
  if (!open_) {
    builder_.start(next_seq_, submission.command.timestamp_ns, head_);
    open_ = true;
  }
  builder_.add(submission);
  ++next_seq_;
  if (builder_.command_count() >= options_.batch_commands_max) flush();
}

void Appender::flush() {
  if (!open_) return;
  open_ = false;
  head_ = builder_.finish();
  writer_->append(builder_.bytes(), builder_.first_seq());
}

}  // namespace corridor::journal
