// Writes a new journal synchronously, from one thread, without applying
// anything: for programs that drive the core themselves and want their run
// journaled (the simulator's --journal), so that it can be verified and
// replayed with the journal tools. The engine (engine.h) is the live path.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "journal/record_format.h"
#include "journal/segment_writer.h"
#include "journal/submission.h"

namespace corridor::journal {

struct AppenderOptions {
  uint32_t batch_commands_max = 4096;
  WriterOptions writer;
};

class Appender {
 public:
  // `dir` must be missing or hold no journal yet (throws IoError otherwise).
  static std::unique_ptr<Appender> create(const std::string& dir, const AppenderOptions& options);
  ~Appender();  // flush(), errors ignored: call flush() to see them

  // Adds the next command (sequence last_seq() + 1) to the open batch; writes
  // the batch when it is full. A batch is stamped with its first command's timestamp.
  void append(const Submission& submission);
  // Writes and syncs the open batch, if any. Throws IoError.
  void flush();

  uint64_t last_seq() const { return next_seq_ - 1; }
  const Hash256& head() const { return head_; }

 private:
  Appender(AppenderOptions options, std::unique_ptr<SegmentWriter> writer);

  AppenderOptions options_;
  std::unique_ptr<SegmentWriter> writer_;
  BatchBuilder builder_;
  bool open_ = false;
  uint64_t next_seq_ = 1;
  Hash256 head_{};
};

}  // namespace corridor::journal
