#include "disk_probe.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace corridor::bench {
namespace {

namespace fs = std::filesystem;

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

std::string magic_name(uint64_t magic) {
  switch (magic) {
    case 0xEF53:
      return "ext2/3/4";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x01021994:
      return "tmpfs";
    case 0x858458F6:
      return "ramfs";
    case 0x794C7630:
      return "overlayfs";
    case 0x6969:
      return "nfs";
    case 0x2FC12FC1:
      return "zfs";
    case 0xF2F52010:
      return "f2fs";
    case 0x65735546:
      return "fuse";
    case 0x01021997:
      return "9p";
    default: {
      char text[32];
      std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(magic));
      return text;
    }
  }
}

// mountinfo escapes spaces and a few other characters as \ooo.
std::string unescape(const std::string& field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      out.push_back(static_cast<char>(std::stoi(field.substr(i + 1, 3), nullptr, 8)));
      i += 3;
    } else {
      out.push_back(field[i]);
    }
  }
  return out;
}

// The mount that holds `path`: the longest mount point that is a prefix of it.
void read_mount(const std::string& path, FilesystemFacts* facts) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  size_t best = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, devno, root, mount_point, options, field;
    fields >> id >> parent >> devno >> root >> mount_point >> options;
    while (fields >> field && field != "-") {
    }
    std::string fs_type, source, super_options;
    fields >> fs_type >> source >> super_options;
    mount_point = unescape(mount_point);
    const bool prefix = path == mount_point || mount_point == "/" ||
                        (path.starts_with(mount_point) && path.size() > mount_point.size() &&
                         path[mount_point.size()] == '/');
    // Later lines win on equal length: a mount stacked over another is listed after it.
    if (prefix && mount_point.size() >= best) {
      best = mount_point.size();
      facts->mount_point = mount_point;
      facts->device = unescape(source);
      facts->fs_type = fs_type;
      facts->options = options + " (" + super_options + ")";
    }
  }
}

std::string rotational(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "?";
  const std::string base =
      "/sys/dev/block/" + std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev));
  // A partition has no queue/ of its own; its disk (the parent) does.
  for (const std::string& candidate : {base + "/queue/rotational", base + "/../queue/rotational"}) {
    std::ifstream in(candidate);
    int value = -1;
    if (in >> value) return value == 0 ? "no" : "yes";
  }
  return "?";
}

double micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

std::string probe_file(const std::string& dir, const char* what) {
  static int counter = 0;
  return (fs::path(dir) / (std::string("disk-probe-") + what + "-" + std::to_string(::getpid()) +
                           "-" + std::to_string(++counter)))
      .string();
}

void write_all(int fd, const uint8_t* data, size_t length, const std::string& path) {
  while (length > 0) {
    const ssize_t n = ::write(fd, data, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write", path);
    data += n;
    length -= static_cast<size_t>(n);
  }
}

// Bytes that are neither zeros nor a short repeating pattern, so that nothing
// on the way (a compressing or deduplicating layer) can make the test cheap.
std::vector<uint8_t> filler(size_t bytes) {
  std::vector<uint8_t> out(bytes);
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < bytes; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out[i] = static_cast<uint8_t>(x);
  }
  return out;
}

}  // namespace

FilesystemFacts filesystem_facts(const std::string& dir) {
  FilesystemFacts facts;
  std::error_code ec;
  fs::path absolute = fs::canonical(dir, ec);
  facts.path = ec ? fs::absolute(dir).string() : absolute.string();
  struct statfs sf {};
  if (::statfs(facts.path.c_str(), &sf) == 0) {
    const uint64_t magic = static_cast<uint64_t>(static_cast<uint32_t>(sf.f_type));
    facts.magic = magic_name(magic);
    facts.tmpfs = magic == 0x01021994 || magic == 0x858458F6;
    facts.size_bytes = static_cast<uint64_t>(sf.f_blocks) * static_cast<uint64_t>(sf.f_bsize);
    facts.available_bytes = static_cast<uint64_t>(sf.f_bavail) * static_cast<uint64_t>(sf.f_bsize);
  }
  read_mount(facts.path, &facts);
  if (facts.fs_type == "tmpfs" || facts.fs_type == "ramfs") facts.tmpfs = true;
  facts.rotational = rotational(facts.path);
  return facts;
}

SyncLoopResult append_sync_loop(const std::string& dir, uint64_t group_bytes, double seconds_min,
                                uint64_t bytes_max) {
  const std::string path = probe_file(dir, "sync");
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) fail("create", path);
  // The name must be durable before the loop, or the first sync pays for the directory too.
  ::fsync(fd);
  const std::vector<uint8_t> data = filler(group_bytes);
  std::vector<double> latencies_us;
  SyncLoopResult result;
  result.group_bytes = group_bytes;
  const auto start = Clock::now();
  uint64_t written = 0;
  for (;;) {
    const auto before = Clock::now();
    write_all(fd, data.data(), data.size(), path);
    if (::fdatasync(fd) != 0) fail("fdatasync", path);
    const auto after = Clock::now();
    latencies_us.push_back(micros(after - before));
    written += group_bytes;
    const double elapsed = std::chrono::duration<double>(after - start).count();
    if (latencies_us.size() >= 3 && (elapsed >= seconds_min || written >= bytes_max)) {
      result.seconds = elapsed;
      break;
    }
  }
  ::close(fd);
  result.syncs = latencies_us.size();
  double sum = 0;
  for (double l : latencies_us) sum += l;
  result.mean_us = sum / static_cast<double>(latencies_us.size());
  result.p50_us = percentile(latencies_us, 50);
  result.p99_us = percentile(latencies_us, 99);
  return result;
}

SequentialWriteResult sequential_write(const std::string& dir, uint64_t bytes) {
  constexpr size_t kChunkBytes = 1u << 20;
  const std::string path = probe_file(dir, "seq");
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) fail("create", path);
  const std::vector<uint8_t> data = filler(kChunkBytes);
  SequentialWriteResult result;
  const auto start = Clock::now();
  while (result.bytes < bytes) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kChunkBytes, bytes - result.bytes));
    write_all(fd, data.data(), n, path);
    result.bytes += n;
  }
  const auto written = Clock::now();
  if (::fdatasync(fd) != 0) fail("fdatasync", path);
  const auto synced = Clock::now();
  ::close(fd);
  result.write_seconds = std::chrono::duration<double>(written - start).count();
  result.sync_seconds = std::chrono::duration<double>(synced - written).count();
  return result;
}

bool drop_cached_pages(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
  ::close(fd);
  return ok;
}

double percentile(std::vector<double>& samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const double rank = p / 100.0 * static_cast<double>(samples.size() - 1);
  return samples[static_cast<size_t>(rank + 0.5)];
}

}  // namespace corridor::bench
