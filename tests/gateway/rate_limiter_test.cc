// The per-participant token buckets, on a fake monotonic clock: time moves
// only when a test advances it, so nothing here sleeps.
#include "gateway/rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>

#include "config_text.h"

namespace corridor::gateway {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

PeerIdentity participant(const char* bic) {
  PeerIdentity peer;
  peer.role = PeerRole::kParticipant;
  peer.bic = *core::Bic::parse(bic);
  peer.error.clear();
  return peer;
}

PeerIdentity operator_peer() {
  PeerIdentity peer = participant("CRDRCHZ0");
  peer.role = PeerRole::kOperator;
  return peer;
}

TEST(TokenBucketTest, ABurstPassesAtOnceAndTheNextIsRefused) {
  TokenBucket bucket(/*rate_per_second=*/1, /*burst=*/3);
  const nanoseconds now = seconds(100);
  EXPECT_TRUE(bucket.take(now).allowed);
  EXPECT_TRUE(bucket.take(now).allowed);
  EXPECT_TRUE(bucket.take(now).allowed);
  const Admission refused = bucket.take(now);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_s, 1u);
}

TEST(TokenBucketTest, TokensComeBackAtTheRateAndNeverBeyondTheBurst) {
  TokenBucket bucket(/*rate_per_second=*/2, /*burst=*/2);
  nanoseconds now = seconds(0);
  EXPECT_TRUE(bucket.take(now).allowed);
  EXPECT_TRUE(bucket.take(now).allowed);
  EXPECT_FALSE(bucket.take(now).allowed);
  now += milliseconds(499);  // one token takes 500 ms
  EXPECT_FALSE(bucket.take(now).allowed);
  now += milliseconds(1);
  EXPECT_TRUE(bucket.take(now).allowed);
  EXPECT_FALSE(bucket.take(now).allowed);
  // A long idle time fills the bucket to its burst, no more.
  now += seconds(3600);
  EXPECT_TRUE(bucket.take(now).allowed);
  EXPECT_TRUE(bucket.take(now).allowed);
  EXPECT_FALSE(bucket.take(now).allowed);
}

TEST(TokenBucketTest, RefusedRequestsTakeNoToken) {
  TokenBucket bucket(/*rate_per_second=*/1, /*burst=*/1);
  nanoseconds now = seconds(0);
  EXPECT_TRUE(bucket.take(now).allowed);
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(bucket.take(now).allowed);
  now += seconds(1);  // retrying did not push the next token back
  EXPECT_TRUE(bucket.take(now).allowed);
}

TEST(TokenBucketTest, RetryAfterIsTheWaitForOneTokenInWholeSecondsRoundedUp) {
  // One token a second: the wait for it is under a second, and is answered 1,
  // never 0 (a client told 0 would retry at once and be refused again). With
  // whole-number rates the wait for one token never exceeds 1 s.
  TokenBucket slow(/*rate_per_second=*/1, /*burst=*/1);
  EXPECT_TRUE(slow.take(seconds(0)).allowed);
  EXPECT_EQ(slow.take(milliseconds(1)).retry_after_s, 1u);    // 0.999 s -> 1
  EXPECT_EQ(slow.take(milliseconds(999)).retry_after_s, 1u);  // 0.001 s -> 1, never 0
  EXPECT_TRUE(slow.take(seconds(1)).allowed);

  // Fast rates still answer at least 1 s: Retry-After has no fractions.
  TokenBucket fast(/*rate_per_second=*/1000, /*burst=*/1);
  EXPECT_TRUE(fast.take(seconds(0)).allowed);
  const Admission refused = fast.take(seconds(0));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_s, 1u);
  EXPECT_TRUE(fast.take(milliseconds(1)).allowed);
}

TEST(RateLimiterTest, EachParticipantHasItsOwnBucketAndTheOperatorOneToo) {
  ServiceConfig config = parse_service_config(testing::kSmallConfig, "test.toml");
  config.limits.rate_limit_per_second = 1;
  config.limits.rate_limit_burst = 2;
  nanoseconds now = seconds(50);
  RateLimiter limiter(config, [&now] { return now; });

  const PeerIdentity lotus = participant("LTSBCNB0");
  EXPECT_TRUE(limiter.admit(lotus).allowed);
  EXPECT_TRUE(limiter.admit(lotus).allowed);
  const Admission refused = limiter.admit(lotus);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_s, 1u);

  // Lotus's flood does not touch Silk Road nor the operator.
  const PeerIdentity silk = participant("SILKCNB0");
  EXPECT_TRUE(limiter.admit(silk).allowed);
  EXPECT_TRUE(limiter.admit(silk).allowed);
  EXPECT_FALSE(limiter.admit(silk).allowed);
  EXPECT_TRUE(limiter.admit(operator_peer()).allowed);
  EXPECT_TRUE(limiter.admit(operator_peer()).allowed);
  EXPECT_FALSE(limiter.admit(operator_peer()).allowed);

  now += seconds(1);
  EXPECT_TRUE(limiter.admit(lotus).allowed);
  EXPECT_FALSE(limiter.admit(lotus).allowed);
  EXPECT_EQ(limiter.bucket_name(lotus), "LTSBCNB0");
  EXPECT_EQ(limiter.bucket_name(operator_peer()), "operator");
}

TEST(RateLimiterTest, ABic8CertificateSharesItsBic11ParticipantsBucket) {
  ServiceConfig config = parse_service_config(testing::kSmallConfig, "test.toml");
  config.limits.rate_limit_per_second = 1;
  config.limits.rate_limit_burst = 1;
  RateLimiter limiter(config, [] { return nanoseconds(0); });
  EXPECT_TRUE(limiter.admit(participant("BERZRUM0XXX")).allowed);  // configured as BIC11
  EXPECT_FALSE(limiter.admit(participant("BERZRUM0")).allowed);
}

TEST(RateLimiterTest, UnconfiguredAndMalformedCertificatesShareOneBucket) {
  ServiceConfig config = parse_service_config(testing::kSmallConfig, "test.toml");
  config.limits.rate_limit_per_second = 1;
  config.limits.rate_limit_burst = 2;
  RateLimiter limiter(config, [] { return nanoseconds(0); });
  const PeerIdentity stranger = participant("UNKNCNB0");
  PeerIdentity malformed;  // default: not ok
  EXPECT_EQ(limiter.bucket_name(stranger), "other");
  EXPECT_TRUE(limiter.admit(stranger).allowed);
  EXPECT_TRUE(limiter.admit(participant("OTHRCNB0")).allowed);
  EXPECT_FALSE(limiter.admit(malformed).allowed);
  EXPECT_TRUE(limiter.admit(participant("LTSBCNB0")).allowed);  // untouched
}

}  // namespace
}  // namespace corridor::gateway
