#include "sim/toml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/virtual_time.h"

namespace corridor::sim {
namespace {

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

// "HH:MM" or "HH:MM:SS", 24-hour clock.
std::optional<int64_t> parse_clock_text(std::string_view text) {
  if (text.size() != 5 && text.size() != 8) return std::nullopt;
  auto two_digits = [&](size_t at) -> int {
    const char a = text[at];
    const char b = text[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
    return (a - '0') * 10 + (b - '0');
  };
  const int hours = two_digits(0);
  const int minutes = two_digits(3);
  const int seconds = text.size() == 8 ? two_digits(6) : 0;
  if (text[2] != ':' || (text.size() == 8 && text[5] != ':')) return std::nullopt;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) {
    return std::nullopt;
  }
  return int64_t{hours} * 3600 + minutes * 60 + seconds;
}

}  // namespace

TomlTable::TomlTable(const toml::table& table, std::string path,
                     std::shared_ptr<const std::string> source_name)
    : table_(&table), path_(std::move(path)), source_name_(std::move(source_name)) {}

std::string TomlTable::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

bool TomlTable::has(std::string_view key) const {
  return table_->get(key) != nullptr;
}

void TomlTable::fail_node(const toml::node& node, const std::string& key_path,
                          std::string_view message) const {
  const auto& begin = node.source().begin;
  if (begin.line > 0) {
    throw ScenarioError(fmt::format("{}:{}: {}: {}", *source_name_, begin.line, key_path, message));
  }
  throw ScenarioError(fmt::format("{}: {}: {}", *source_name_, key_path, message));
}

void TomlTable::fail(std::string_view key, std::string_view message) const {
  const toml::node* node = table_->get(key);
  fail_node(node != nullptr ? *node : *table_, key_path(key), message);
}

void TomlTable::fail_table(std::string_view message) const {
  fail_node(*table_, path_.empty() ? std::string("(top level)") : path_, message);
}

const toml::node* TomlTable::get(std::string_view key) {
  if (std::find(read_keys_.begin(), read_keys_.end(), key) == read_keys_.end()) {
    read_keys_.emplace_back(key);
  }
  return table_->get(key);
}

std::optional<int64_t> TomlTable::integer(std::string_view key) {
  const toml::node* node = get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_integer())
    fail(key, fmt::format("expected an integer, found {}", type_name(*node)));
  return node->as_integer()->get();
}

std::optional<uint32_t> TomlTable::share_ppm(std::string_view key) {
  const toml::node* node = get(key);
  if (node == nullptr) return std::nullopt;
  double share = 0;
  if (node->is_integer()) {
    share = static_cast<double>(node->as_integer()->get());
  } else if (node->is_floating_point()) {
    share = node->as_floating_point()->get();
  } else {
    fail(key, fmt::format("expected a number from 0 to 1, found {}", type_name(*node)));
  }
  if (!(share >= 0.0 && share <= 1.0)) fail(key, "must be from 0 to 1");
  return static_cast<uint32_t>(std::llround(share * 1'000'000.0));
}

int64_t TomlTable::integer_or(std::string_view key, int64_t fallback, int64_t min, int64_t max) {
  const std::optional<int64_t> value = integer(key);
  if (!value) return fallback;
  if (*value < min || *value > max) {
    fail(key, fmt::format("{} is out of range [{}, {}]", *value, min, max));
  }
  return *value;
}

int64_t TomlTable::required_integer(std::string_view key, int64_t min, int64_t max) {
  if (!has(key)) fail_table(fmt::format("missing required key \"{}\"", key));
  return integer_or(key, 0, min, max);
}

std::optional<std::string> TomlTable::string(std::string_view key) {
  const toml::node* node = get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) fail(key, fmt::format("expected a string, found {}", type_name(*node)));
  return node->as_string()->get();
}

std::string TomlTable::required_string(std::string_view key) {
  std::optional<std::string> value = string(key);
  if (!value) fail_table(fmt::format("missing required key \"{}\"", key));
  return *value;
}

std::optional<int64_t> TomlTable::time_of_day_seconds(std::string_view key) {
  const toml::node* node = get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* time = node->as_time()) {
    const toml::time& t = time->get();
    if (t.nanosecond != 0) fail(key, "fractional seconds are not supported");
    return int64_t{t.hour} * 3600 + int64_t{t.minute} * 60 + t.second;
  }
  if (const auto* text = node->as_string()) {
    if (std::optional<int64_t> seconds = parse_clock_text(text->get())) return seconds;
    fail(key, fmt::format("\"{}\" is not a time of day (HH:MM or HH:MM:SS)", text->get()));
  }
  fail(key, fmt::format("expected a time of day (e.g. 07:30:00), found {}", type_name(*node)));
}

std::optional<core::ValueDate> TomlTable::date(std::string_view key) {
  const toml::node* node = get(key);
  if (node == nullptr) return std::nullopt;
  int64_t yyyymmdd = 0;
  if (const auto* date = node->as_date()) {
    const toml::date& d = date->get();
    yyyymmdd = int64_t{d.year} * 10000 + d.month * 100 + d.day;
  } else if (const auto* number = node->as_integer()) {
    yyyymmdd = number->get();
  } else {
    fail(key, fmt::format("expected a date (e.g. 2026-11-27), found {}", type_name(*node)));
  }
  if (yyyymmdd < 0 || yyyymmdd > 99991231 ||
      !is_valid_date(static_cast<core::ValueDate>(yyyymmdd))) {
    fail(key, fmt::format("{} is not a valid date between 1970 and 2200", yyyymmdd));
  }
  return static_cast<core::ValueDate>(yyyymmdd);
}

std::vector<uint64_t> TomlTable::unsigned_array(std::string_view key) {
  const toml::node* node = get(key);
  std::vector<uint64_t> values;
  if (node == nullptr) return values;
  const toml::array* array = node->as_array();
  if (array == nullptr) fail(key, fmt::format("expected an array, found {}", type_name(*node)));
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const std::string element_path = fmt::format("{}[{}]", key_path(key), i);
    if (!element.is_integer()) {
      fail_node(element, element_path,
                fmt::format("expected an integer, found {}", type_name(element)));
    }
    const int64_t value = element.as_integer()->get();
    if (value < 0) fail_node(element, element_path, fmt::format("{} is negative", value));
    values.push_back(static_cast<uint64_t>(value));
  }
  return values;
}

std::vector<std::string> TomlTable::string_array(std::string_view key) {
  const toml::node* node = get(key);
  std::vector<std::string> values;
  if (node == nullptr) return values;
  const toml::array* array = node->as_array();
  if (array == nullptr) fail(key, fmt::format("expected an array, found {}", type_name(*node)));
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    if (!element.is_string()) {
      fail_node(element, fmt::format("{}[{}]", key_path(key), i),
                fmt::format("expected a string, found {}", type_name(element)));
    }
    values.push_back(element.as_string()->get());
  }
  return values;
}

std::vector<TomlTable> TomlTable::tables(std::string_view key) {
  const toml::node* node = get(key);
  std::vector<TomlTable> result;
  if (node == nullptr) return result;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    fail(key, fmt::format("expected an array of tables ([[{}]]), found {}", key, type_name(*node)));
  }
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const std::string element_path = fmt::format("{}[{}]", key_path(key), i);
    if (!element.is_table()) {
      fail_node(element, element_path,
                fmt::format("expected a table, found {}", type_name(element)));
    }
    result.emplace_back(*element.as_table(), element_path, source_name_);
  }
  return result;
}

std::optional<TomlTable> TomlTable::table(std::string_view key) {
  const toml::node* node = get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_table()) fail(key, fmt::format("expected a table, found {}", type_name(*node)));
  return TomlTable(*node->as_table(), key_path(key), source_name_);
}

void TomlTable::reject_unknown_keys() const {
  for (const auto& [key, node] : *table_) {
    const std::string_view name = key.str();
    if (std::find(read_keys_.begin(), read_keys_.end(), name) == read_keys_.end()) {
      fail_node(node, key_path(name), "unknown key");
    }
  }
}

}  // namespace corridor::sim
