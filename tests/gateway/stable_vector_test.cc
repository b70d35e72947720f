#include "gateway/stable_vector.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

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

// How many of the 4 KiB pages of [p, p + bytes) are backed by memory now.
size_t resident_pages(const void* p, size_t bytes) {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<uintptr_t>(p) / page * page;
  const size_t length = reinterpret_cast<uintptr_t>(p) + bytes - start;
  std::vector<unsigned char> in_core((length + page - 1) / page);
  if (::mincore(reinterpret_cast<void*>(start), length, in_core.data()) != 0) return 0;
  size_t resident = 0;
  for (unsigned char c : in_core) resident += c & 1;
  return resident;
}

// An element whose construction writes nothing: only reserve() can back it.
struct UntouchedPage {
  UntouchedPage() {}  // NOLINT: deliberately leaves the bytes alone
  char bytes[4096];
};

TEST(StableVector, ReserveBacksTheChunksUpToThatManyElementsWithMemoryNow) {
  // Chunks of 64, 128, 256 and 512 pages: the fourth (2 MiB) is mapped, not heap.
  constexpr size_t kFourthChunkFirst = 64 + 128 + 256;
  StableVector<UntouchedPage> reserved;
  reserved.reserve(kFourthChunkFirst + 100);
  StableVector<UntouchedPage> grown;
  for (size_t i = 0; i <= kFourthChunkFirst; ++i) {
    reserved.emplace_back();
    grown.emplace_back();
  }
  // Reserved: the first 100 pages of the fourth chunk are backed (the rest need not be).
  EXPECT_EQ(resident_pages(&reserved[kFourthChunkFirst], 100 * 4096), 100u);
  // Grown without reserve(): constructing wrote nothing, so nothing is backed yet.
  EXPECT_EQ(resident_pages(&grown[kFourthChunkFirst], 100 * 4096), 0u);
  // Growing into reserved chunks keeps every element where it was.
  UntouchedPage* first = &reserved[0];
  for (size_t i = reserved.size(); i < kFourthChunkFirst + 100; ++i) reserved.emplace_back();
  EXPECT_EQ(&reserved[0], first);
  EXPECT_EQ(reserved.size(), kFourthChunkFirst + 100);
}

TEST(LargePages, PopulateAndAPopulatingScopeBackABlockWithMemoryNow) {
  const size_t bytes = 2 * kLargePageBytes;
  void* plain = allocate_large(bytes);
  EXPECT_EQ(resident_pages(plain, bytes), 0u);  // fresh mapped memory: nothing yet
  populate(plain, bytes);
  EXPECT_EQ(resident_pages(plain, bytes), bytes / 4096);
  void* scoped = nullptr;
  {
    const PopulatingScope populating;
    scoped = allocate_large(bytes);
  }
  EXPECT_EQ(resident_pages(scoped, bytes), bytes / 4096);
  void* after = allocate_large(bytes);  // the scope has ended
  EXPECT_EQ(resident_pages(after, bytes), 0u);
  free_large(plain, bytes);
  free_large(scoped, bytes);
  free_large(after, bytes);
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
