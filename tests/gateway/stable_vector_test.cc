#include "gateway/stable_vector.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "gateway/instruction_key.h"
#include "gateway/large_pages.h"

namespace corridor::gateway {
namespace {

TEST(StableVector, HoldsWhatWasPushedAcrossChunkBoundaries) {
  StableVector<uint64_t> v;
  EXPECT_TRUE(v.empty());
  // 64 + 128 + ... : past the first eight chunks' boundaries.
  for (uint64_t i = 0; i < 40'000; ++i) v.push_back(i * 3);
  ASSERT_EQ(v.size(), 40'000u);
  for (uint64_t i = 0; i < v.size(); ++i) ASSERT_EQ(v[i], i * 3) << i;
  EXPECT_EQ(v.back(), 39'999u * 3);
}

TEST(StableVector, ElementsKeepTheirAddressesWhileItGrows) {
  StableVector<std::string> v;
  std::vector<const std::string*> addresses;
  for (int i = 0; i < 5'000; ++i) {
    addresses.push_back(&v.emplace_back("payment " + std::to_string(i)));
  }
  for (int i = 0; i < 5'000; ++i) {
    EXPECT_EQ(&v[static_cast<size_t>(i)], addresses[static_cast<size_t>(i)]);
    EXPECT_EQ(v[static_cast<size_t>(i)], "payment " + std::to_string(i));
  }
}

TEST(StableVector, IteratesInOrder) {
  StableVector<int> v;
  for (int i = 0; i < 1'000; ++i) v.push_back(i);
  int expected = 0;
  for (const int x : v) EXPECT_EQ(x, expected++);
  EXPECT_EQ(expected, 1'000);
  for (int& x : v) x = -x;
  EXPECT_EQ(v[999], -999);
}

TEST(StableVector, DestroysEachElementOnceAndAMoveTransfersThem) {
  auto alive = std::make_shared<int>(0);
  struct Counted {
    explicit Counted(std::shared_ptr<int> n) : alive(std::move(n)) { ++*alive; }
    Counted(const Counted&) = delete;
    ~Counted() { --*alive; }
    std::shared_ptr<int> alive;
  };
  {
    StableVector<Counted> v;
    for (int i = 0; i < 300; ++i) v.emplace_back(alive);  // 64 + 128 + 108 of 256
    EXPECT_EQ(*alive, 300);
    StableVector<Counted> moved(std::move(v));
    EXPECT_EQ(v.size(), 0u);  // NOLINT(bugprone-use-after-move): a move empties it
    EXPECT_EQ(moved.size(), 300u);
    EXPECT_EQ(*alive, 300);
    StableVector<Counted> assigned;
    assigned.emplace_back(alive);
    assigned = std::move(moved);
    EXPECT_EQ(*alive, 300);  // the one it held is gone
  }
  EXPECT_EQ(*alive, 0);
}

TEST(StableVector, AnElementWhoseConstructorThrowsIsNotAdded) {
  struct Picky {
    explicit Picky(bool ok) {
      if (!ok) throw std::runtime_error("refused");
    }
  };
  StableVector<Picky> v;
  EXPECT_THROW(v.emplace_back(false), std::runtime_error);  // the first of a chunk
  EXPECT_EQ(v.size(), 0u);
  for (int i = 0; i < 64; ++i) v.emplace_back(true);
  EXPECT_THROW(v.emplace_back(false), std::runtime_error);
  EXPECT_EQ(v.size(), 64u);
  v.emplace_back(true);
  EXPECT_EQ(v.size(), 65u);
}

TEST(LargePages, LargeBlocksStartOnAHugePageAndSmallOnesComeFromTheHeap) {
  for (const size_t bytes :
       {size_t{100}, kLargePageBytes - 1, kLargePageBytes, 3 * kLargePageBytes + 12345}) {
    void* p = allocate_large(bytes);
    ASSERT_NE(p, nullptr);
    if (bytes >= kLargePageBytes) {
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % kLargePageBytes, 0u) << bytes;
    }
    std::memset(p, 0xAB, bytes);  // every byte is usable
    EXPECT_EQ(static_cast<unsigned char*>(p)[bytes - 1], 0xAB);
    free_large(p, bytes);
  }
}

TEST(InstructionFingerprint, EqualKeysShareItAndAnyDifferenceChangesIt) {
  const core::Bic sender = *core::Bic::parse("LTSBCNB0");
  const core::Bic other = *core::Bic::parse("SILKCNB0");
  core::InstructionId id, id2;
  ASSERT_TRUE(id.assign("B000000000001-001"));
  ASSERT_TRUE(id2.assign("B000000000001-002"));
  EXPECT_EQ(fingerprint(sender, id), fingerprint(sender, id));
  EXPECT_NE(fingerprint(sender, id), fingerprint(sender, id2));
  EXPECT_NE(fingerprint(sender, id), fingerprint(other, id));
}

}  // namespace
}  // namespace corridor::gateway
