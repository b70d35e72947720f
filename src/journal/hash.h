// Digests the journal uses: SHA-256 for the tamper-evident hash chain (OpenSSL
// libcrypto) and XXH3-64 for fast checksums that catch torn and corrupted
// records (libxxhash). Neither is hand-written.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace corridor::journal {

using Hash256 = std::array<uint8_t, 32>;

// Lowercase hex, 64 characters.
std::string to_hex(const Hash256& hash);
// Parses 64 hex characters; false if `text` is anything else.
bool from_hex(std::string_view text, Hash256* hash);

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::span<const uint8_t> bytes);
  Hash256 finish();  // the object may not be updated afterwards

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Hash256 sha256(std::span<const uint8_t> bytes);

// XXH3, 64-bit, seed 0.
uint64_t checksum64(std::span<const uint8_t> bytes);

}  // namespace corridor::journal
