#include "gateway/rate_limiter.h"

#include <algorithm>

namespace corridor::gateway {

using std::chrono::nanoseconds;

MonotonicClock steady_monotonic_clock() {
  return [] {
    return std::chrono::duration_cast<nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
  };
}

TokenBucket::TokenBucket(uint32_t rate_per_second, uint32_t burst)
    : token_interval_(nanoseconds(std::chrono::seconds(1)) /
                      std::max<uint32_t>(1, rate_per_second)),
      burst_span_(token_interval_ * std::max<uint32_t>(1, burst)) {}

Admission TokenBucket::take(nanoseconds now) {
  std::lock_guard<std::mutex> lock(mutex_);
  // A bucket full before `now` is simply full: unused time does not bank
  // tokens beyond the burst.
  const nanoseconds full_at = std::max(full_at_, now) + token_interval_;
  const nanoseconds owed = full_at - now;  // the time the bucket needs to be full again
  if (owed <= burst_span_) {
    full_at_ = full_at;
    return Admission{true, 0};
  }
  // Refused requests take nothing, so a client that keeps retrying is not
  // pushed further back. The wait is until one token is back, in whole seconds
  // rounded up (Retry-After has no fractions; early retries would be refused).
  const nanoseconds wait = owed - burst_span_;
  const nanoseconds second = std::chrono::seconds(1);
  return Admission{false, static_cast<uint32_t>((wait + second - nanoseconds(1)) / second)};
}

RateLimiter::RateLimiter(const ServiceConfig& config, MonotonicClock clock)
    : clock_(clock ? std::move(clock) : steady_monotonic_clock()),
      operator_(config.limits.rate_limit_per_second, config.limits.rate_limit_burst),
      other_(config.limits.rate_limit_per_second, config.limits.rate_limit_burst) {
  for (const ParticipantConfig& participant : config.participants) {
    participants_.emplace(participant.bic,
                          std::make_unique<TokenBucket>(config.limits.rate_limit_per_second,
                                                        config.limits.rate_limit_burst));
  }
}

TokenBucket& RateLimiter::bucket_of(const PeerIdentity& peer) {
  if (!peer.ok()) return other_;
  if (peer.role == PeerRole::kOperator) return operator_;
  const auto it = participants_.find(peer.bic);
  return it == participants_.end() ? other_ : *it->second;
}

std::string RateLimiter::bucket_name(const PeerIdentity& peer) const {
  if (!peer.ok()) return "other";
  if (peer.role == PeerRole::kOperator) return "operator";
  return participants_.contains(peer.bic) ? peer.bic.to_string() : "other";
}

Admission RateLimiter::admit(const PeerIdentity& peer) {
  return bucket_of(peer).take(clock_());
}

}  // namespace corridor::gateway
