// The operator API's own thread: its requests run here one at a time, so that
// what must wait (a read on the engine's apply thread, a command's journal
// sync, the end-of-day report after its command) never blocks an I/O thread.
// Operator requests are few; running them in order also keeps one operator's
// steps (close the day, then read the report) in the order they were sent.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace corridor::gateway {

class OperatorWorker {
 public:
  explicit OperatorWorker(size_t jobs_max);
  // Runs the jobs already queued, then joins: each holds a request to answer.
  ~OperatorWorker();
  OperatorWorker(const OperatorWorker&) = delete;
  OperatorWorker& operator=(const OperatorWorker&) = delete;

  // False (the job is not taken) when jobs_max jobs are waiting: the caller
  // answers 503 instead of letting the queue grow.
  bool post(std::function<void()> job);

 private:
  void run();

  const size_t jobs_max_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace corridor::gateway
