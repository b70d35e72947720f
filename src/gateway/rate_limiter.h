// Per-participant request rate limits ([limits] rate_limit_per_second and
// rate_limit_burst): one token bucket per configured participant BIC, one for
// the operator, and one shared by any other certificate, so memory is bounded
// by the configuration whatever the clients send.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "gateway/pki.h"
#include "gateway/service_config.h"

namespace corridor::gateway {

// Monotonic time since an arbitrary epoch. Injected so that tests advance a
// fake clock instead of sleeping.
using MonotonicClock = std::function<std::chrono::nanoseconds()>;
MonotonicClock steady_monotonic_clock();

struct Admission {
  bool allowed = true;
  uint32_t retry_after_s = 0;  // when refused: whole seconds until a token is back, rounded up
};

// A token bucket of `burst` tokens refilled at `rate_per_second`, kept as the
// time the bucket will next be full (GCRA form: one integer, no floating
// drift). Thread-safe: one mutex per bucket, held for a few arithmetic steps.
class TokenBucket {
 public:
  TokenBucket(uint32_t rate_per_second, uint32_t burst);
  Admission take(std::chrono::nanoseconds now);

 private:
  std::mutex mutex_;
  const std::chrono::nanoseconds token_interval_;  // 1 s / rate_per_second
  const std::chrono::nanoseconds burst_span_;      // token_interval_ * burst
  // The earliest time at which the bucket is full again; tokens available at
  // `now` = (burst_span_ - (full_at_ - now)) / token_interval_.
  std::chrono::nanoseconds full_at_{std::chrono::nanoseconds::min()};
};

class RateLimiter {
 public:
  RateLimiter(const ServiceConfig& config, MonotonicClock clock);
  // Takes one token from the bucket of the request's certificate.
  Admission admit(const PeerIdentity& peer);
  // The bucket's name in logs: the participant's BIC, "operator" or "other".
  std::string bucket_name(const PeerIdentity& peer) const;

 private:
  TokenBucket& bucket_of(const PeerIdentity& peer);

  MonotonicClock clock_;
  // Built once in the constructor and never changed: lookups need no lock.
  std::map<core::Bic, std::unique_ptr<TokenBucket>> participants_;
  TokenBucket operator_;
  // Certificates that pass the CA but name no configured participant (or
  // break the subject convention) share one bucket: they are refused later
  // anyway, and cannot grow the map.
  TokenBucket other_;
};

}  // namespace corridor::gateway
