// Typed reads from a toml++ table that fail with a ScenarioError naming the
// source line and full key path ("bank[2].accounts[0].currency"), and that
// reject keys nobody read, so a misspelt key is an error rather than ignored.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "sim/scenario_error.h"

namespace corridor::sim {

class TomlTable {
 public:
  // `path` is the table's key path ("" for the root); `source_name` prefixes messages.
  TomlTable(const toml::table& table, std::string path,
            std::shared_ptr<const std::string> source_name);

  const std::string& path() const { return path_; }
  std::string key_path(std::string_view key) const;
  bool has(std::string_view key) const;

  [[noreturn]] void fail(std::string_view key, std::string_view message) const;
  [[noreturn]] void fail_table(std::string_view message) const;

  std::optional<int64_t> integer(std::string_view key);
  int64_t integer_or(std::string_view key, int64_t fallback, int64_t min, int64_t max);
  int64_t required_integer(std::string_view key, int64_t min, int64_t max);
  // A share 0..1 (a TOML float or the integers 0 and 1) in parts per million,
  // rounded to the nearest: converted once here, so sampling stays integer.
  std::optional<uint32_t> share_ppm(std::string_view key);
  std::optional<std::string> string(std::string_view key);
  std::string required_string(std::string_view key);
  // A TOML local time (07:30:00) or a string "HH:MM" / "HH:MM:SS"; seconds of the day.
  std::optional<int64_t> time_of_day_seconds(std::string_view key);
  // A TOML local date (2026-11-27) or an integer yyyymmdd.
  std::optional<core::ValueDate> date(std::string_view key);
  // An array of non-negative integers (absent: empty).
  std::vector<uint64_t> unsigned_array(std::string_view key);
  // An array of strings (absent: empty).
  std::vector<std::string> string_array(std::string_view key);
  // An array of tables, [[key]] or key = [{...}] (absent: empty).
  std::vector<TomlTable> tables(std::string_view key);
  std::optional<TomlTable> table(std::string_view key);

  // Fails on the first key that was never read.
  void reject_unknown_keys() const;

 private:
  const toml::node* get(std::string_view key);
  [[noreturn]] void fail_node(const toml::node& node, const std::string& key_path,
                              std::string_view message) const;

  const toml::table* table_;
  std::string path_;
  std::shared_ptr<const std::string> source_name_;
  std::vector<std::string> read_keys_;
};

}  // namespace corridor::sim
