#include "journal/snapshot_store.h"

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "journal/bytes.h"
#include "journal/segment_writer.h"

namespace corridor::journal {
namespace {

// Header layout: magic u32, version u16, flags u16, seq u64, state_hash u64,
// image_bytes u64, chain_head 32B = 64 bytes. Then the image, then a u64
// XXH3-64 of header and image.

void write_all(int fd, const uint8_t* data, size_t length, const std::string& path) {
  while (length > 0) {
    const ssize_t n = ::write(fd, data, length);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError("write " + path + ": " + errno_text(errno));
    }
    data += n;
    length -= static_cast<size_t>(n);
  }
}

bool parse_name(const std::string& name, uint64_t* seq) {
  constexpr std::string_view kPrefix = "snapshot-";
  constexpr std::string_view kSuffix = ".snap";
  if (name.size() != kPrefix.size() + 20 + kSuffix.size()) return false;
  if (name.compare(0, kPrefix.size(), kPrefix) != 0) return false;
  if (name.compare(kPrefix.size() + 20, kSuffix.size(), kSuffix) != 0) return false;
  uint64_t v = 0;
  for (size_t i = kPrefix.size(); i < kPrefix.size() + 20; ++i) {
    const char c = name[i];
    if (c < '0' || c > '9') return false;
    if (v > (UINT64_MAX - 9) / 10) return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *seq = v;
  return true;
}

}  // namespace

std::string snapshot_file_name(uint64_t seq) {
  char name[64];
  std::snprintf(name, sizeof(name), "snapshot-%020llu.snap", static_cast<unsigned long long>(seq));
  return name;
}

std::string write_snapshot(const std::string& dir, const SnapshotMeta& meta,
                           std::span<const uint8_t> image) {
  const std::string path = dir + "/" + snapshot_file_name(meta.seq);
  const std::string temporary = path + ".tmp";
  uint8_t header[kSnapshotHeaderBytes] = {};
  store_le(header, kSnapshotMagic, 4);
  store_le(header + 4, kSnapshotVersion, 2);
  store_le(header + 6, 0, 2);
  store_le(header + 8, meta.seq, 8);
  store_le(header + 16, meta.state_hash, 8);
  store_le(header + 24, image.size(), 8);
  std::copy(meta.chain_head.begin(), meta.chain_head.end(), header + 32);
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, header, sizeof(header));
  XXH3_64bits_update(state, image.data(), image.size());
  const uint64_t checksum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  uint8_t trailer[8];
  store_le(trailer, checksum, 8);

  const int fd = ::open(temporary.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError("create " + temporary + ": " + errno_text(errno));
  try {
    write_all(fd, header, sizeof(header), temporary);
    write_all(fd, image.data(), image.size(), temporary);
    write_all(fd, trailer, sizeof(trailer), temporary);
    if (::fsync(fd) != 0) throw IoError("fsync " + temporary + ": " + errno_text(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    throw IoError("rename " + temporary + ": " + errno_text(errno));
  }
  fsync_directory(dir);
  return path;
}

std::vector<SnapshotFile> list_snapshots(const std::string& dir) {
  std::vector<SnapshotFile> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    uint64_t seq = 0;
    const std::string name = entry.path().filename().string();
    if (parse_name(name, &seq)) files.push_back(SnapshotFile{entry.path().string(), seq});
  }
  std::sort(files.begin(), files.end(),
            [](const SnapshotFile& a, const SnapshotFile& b) { return a.seq > b.seq; });
  return files;
}

std::variant<LoadedSnapshot, std::string> load_snapshot(const SnapshotFile& file) {
  const int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "cannot open: " + errno_text(errno);
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = "read failed: " + errno_text(errno);
      ::close(fd);
      return why;
    }
    if (n == 0) break;
    bytes.insert(bytes.end(), chunk, chunk + n);
  }
  ::close(fd);
  if (bytes.size() < kSnapshotHeaderBytes + 8) return std::string("shorter than its header");
  const uint8_t* h = bytes.data();
  if (load_le(h, 4) != kSnapshotMagic) return std::string("bad magic");
  if (load_le(h + 4, 2) != kSnapshotVersion) return std::string("unknown version");
  if (load_le(h + 6, 2) != 0) return std::string("unknown flags");
  LoadedSnapshot loaded;
  loaded.meta.seq = load_le(h + 8, 8);
  loaded.meta.state_hash = load_le(h + 16, 8);
  loaded.meta.image_bytes = load_le(h + 24, 8);
  std::copy(h + 32, h + 64, loaded.meta.chain_head.begin());
  if (loaded.meta.image_bytes != bytes.size() - kSnapshotHeaderBytes - 8) {
    return std::string("length does not match the file size");
  }
  const uint64_t expected = load_le(bytes.data() + bytes.size() - 8, 8);
  if (checksum64(std::span(bytes.data(), bytes.size() - 8)) != expected) {
    return std::string("checksum mismatch");
  }
  if (loaded.meta.seq != file.seq) return std::string("sequence number does not match its name");
  loaded.image.assign(bytes.begin() + kSnapshotHeaderBytes, bytes.end() - 8);
  return loaded;
}

}  // namespace corridor::journal
