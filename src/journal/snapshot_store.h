// Snapshot files: the machine's state image at a batch boundary, with the
// sequence number and hash-chain head it corresponds to.
//
// `snapshot-<seq, 20 digits>.snap` in the journal directory (docs/journal-format.md,
// "Snapshots"). Written atomically: a temporary file is written and fsynced,
// renamed into place, then the directory is fsynced, so a crash leaves either
// the whole snapshot or none. A checksum covers the whole file; a snapshot
// that fails any check is never used (recovery falls back to an older one).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "journal/hash.h"

namespace corridor::journal {

inline constexpr uint32_t kSnapshotMagic = 0x4E535243;  // "CRSN" in file order
inline constexpr uint16_t kSnapshotVersion = 1;
inline constexpr size_t kSnapshotHeaderBytes = 64;

struct SnapshotMeta {
  uint64_t seq = 0;         // the last sequence number applied
  Hash256 chain_head{};     // batch_hash of the batch that ends at `seq`
  uint64_t state_hash = 0;  // Machine::state_hash() after `seq`
  uint64_t image_bytes = 0;
};

struct SnapshotFile {
  std::string path;
  uint64_t seq = 0;  // from the name
};

struct LoadedSnapshot {
  SnapshotMeta meta;
  std::vector<uint8_t> image;
};

std::string snapshot_file_name(uint64_t seq);
// Writes a snapshot into `dir` atomically; returns its path. Throws IoError.
std::string write_snapshot(const std::string& dir, const SnapshotMeta& meta,
                           std::span<const uint8_t> image);
// The snapshot files in `dir` (not archive/), newest first. Leftover temporary
// files are not listed.
std::vector<SnapshotFile> list_snapshots(const std::string& dir);
// Reads and checks one snapshot file; a string says what is wrong.
std::variant<LoadedSnapshot, std::string> load_snapshot(const SnapshotFile& file);

}  // namespace corridor::journal
