// GET /metrics's text: valid Prometheus exposition (format 0.0.4), checked by
// parsing it, and the latency histogram's arithmetic.
#include "gateway/service_metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace corridor::gateway {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct Sample {
  std::string name;    // without labels
  std::string labels;  // the text between braces, "" when none
  double value = 0;
};

struct Exposition {
  std::map<std::string, std::string> types;  // metric family -> "counter", "histogram", ...
  std::vector<Sample> samples;
};

// A strict reader of the lines ServiceMetrics writes; fails the test on any
// line that is not a comment of a known kind nor `name{labels} value`.
Exposition parse(const std::string& text) {
  Exposition out;
  EXPECT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    EXPECT_FALSE(line.empty());
    if (line.starts_with("# HELP ")) continue;
    if (line.starts_with("# TYPE ")) {
      std::istringstream words(line.substr(7));
      std::string family, type;
      words >> family >> type;
      EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
      EXPECT_FALSE(out.types.contains(family)) << "TYPE given twice: " << line;
      out.types[family] = type;
      continue;
    }
    EXPECT_NE(line[0], '#') << line;
    Sample sample;
    const size_t space = line.rfind(' ');
    EXPECT_NE(space, std::string::npos) << line;
    if (space == std::string::npos) continue;
    const std::string series = line.substr(0, space);
    size_t used = 0;
    sample.value = std::stod(line.substr(space + 1), &used);
    EXPECT_EQ(used, line.size() - space - 1) << line;
    const size_t brace = series.find('{');
    sample.name = series.substr(0, brace);
    if (brace != std::string::npos) {
      EXPECT_EQ(series.back(), '}') << line;
      sample.labels = series.substr(brace + 1, series.size() - brace - 2);
    }
    for (char c : sample.name) {
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':') << line;
    }
    out.samples.push_back(sample);
  }
  return out;
}

// The family a sample belongs to: histograms' _bucket, _sum and _count series
// belong to the histogram's name.
std::string family_of(const Exposition& e, const std::string& name) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s(suffix);
    if (name.ends_with(s)) {
      const std::string base = name.substr(0, name.size() - s.size());
      if (e.types.contains(base) && e.types.at(base) == "histogram") return base;
    }
  }
  return name;
}

std::string label(const std::string& labels, const std::string& key) {
  const std::string start = key + "=\"";
  const size_t at = labels.find(start);
  if (at == std::string::npos) return "";
  const size_t from = at + start.size();
  return labels.substr(from, labels.find('"', from) - from);
}

TEST(ServiceMetricsTest, TheTextIsValidExpositionWithMonotoneHistogramBuckets) {
  ServiceMetrics metrics;
  metrics.count_response(200);
  metrics.count_response(429);
  metrics.count_rate_limited();
  metrics.count_payment(core::Outcome::kSettled);
  metrics.observe_latency(EndpointFamily::kMessages, microseconds(300));  // le 0.0005
  metrics.observe_latency(EndpointFamily::kMessages, milliseconds(3));    // le 0.005
  metrics.observe_latency(EndpointFamily::kMessages, seconds(7));         // +Inf only
  metrics.observe_latency(EndpointFamily::kHealthz, milliseconds(1));     // le 0.001 exactly

  const Exposition e = parse(metrics.render(EngineFigures{42, false, {}, {}}));
  // Every sample's family has a TYPE line.
  for (const Sample& s : e.samples) {
    EXPECT_TRUE(e.types.contains(family_of(e, s.name))) << s.name;
  }
  EXPECT_EQ(e.types.at("corridor_request_duration_seconds"), "histogram");
  EXPECT_EQ(e.types.at("corridor_payments_total"), "counter");
  EXPECT_EQ(e.types.at("corridor_rate_limited_total"), "counter");

  // Per endpoint: cumulative buckets never decrease, le ascends, +Inf comes
  // last and equals _count.
  std::map<std::string, std::vector<std::pair<std::string, double>>> buckets;
  std::map<std::string, double> counts, sums;
  for (const Sample& s : e.samples) {
    const std::string endpoint = label(s.labels, "endpoint");
    if (s.name == "corridor_request_duration_seconds_bucket")
      buckets[endpoint].emplace_back(label(s.labels, "le"), s.value);
    if (s.name == "corridor_request_duration_seconds_count") counts[endpoint] = s.value;
    if (s.name == "corridor_request_duration_seconds_sum") sums[endpoint] = s.value;
    if (s.name == "corridor_rate_limited_total") {
      EXPECT_EQ(s.value, 1);
    }
  }
  EXPECT_EQ(buckets.size(), kEndpointFamilies);
  for (const auto& [endpoint, series] : buckets) {
    ASSERT_EQ(series.size(), kLatencyBucketsS.size() + 1) << endpoint;
    EXPECT_EQ(series.back().first, "+Inf") << endpoint;
    EXPECT_EQ(series.back().second, counts.at(endpoint)) << endpoint;
    for (size_t i = 1; i < series.size(); ++i) {
      EXPECT_LE(series[i - 1].second, series[i].second) << endpoint << " le=" << series[i].first;
      if (i + 1 < series.size()) {
        EXPECT_LT(std::stod(series[i - 1].first), std::stod(series[i].first)) << endpoint;
      }
    }
  }
  const auto& messages = buckets.at("messages");
  EXPECT_EQ(messages[0], (std::pair<std::string, double>{"0.0005", 1}));
  EXPECT_EQ(messages[3], (std::pair<std::string, double>{"0.005", 2}));
  EXPECT_EQ(messages[kLatencyBucketsS.size() - 1].second, 2);  // le 5
  EXPECT_EQ(counts.at("messages"), 3);
  EXPECT_NEAR(sums.at("messages"), 7.0033, 1e-9);
  EXPECT_EQ(buckets.at("healthz")[1], (std::pair<std::string, double>{"0.001", 1}));
  EXPECT_EQ(counts.at("metrics"), 0);
  EXPECT_EQ(metrics.latency_count(EndpointFamily::kMessages), 3u);
}

// The labels without le: what identifies one histogram's series.
std::string without_le(const std::string& labels) {
  const size_t at = labels.find("le=\"");
  if (at == std::string::npos) return labels;
  std::string rest = labels;
  rest.erase(at, labels.find('"', at + 4) + 1 - at);
  if (!rest.empty() && rest.back() == ',') rest.pop_back();
  if (!rest.empty() && rest.front() == ',') rest.erase(0, 1);
  return rest;
}

// Every histogram in the text: per series, le ascends, cumulative counts
// never decrease, +Inf comes last and equals _count. Returns the series
// checked, by family and labels.
std::map<std::string, std::vector<std::pair<std::string, double>>> check_histograms(
    const Exposition& e) {
  std::map<std::string, std::vector<std::pair<std::string, double>>> buckets;
  std::map<std::string, double> counts;
  for (const Sample& s : e.samples) {
    const std::string family = family_of(e, s.name);
    if (family == s.name) continue;
    const std::string key = family + "{" + without_le(s.labels) + "}";
    if (s.name.ends_with("_bucket")) buckets[key].emplace_back(label(s.labels, "le"), s.value);
    if (s.name.ends_with("_count")) counts[key] = s.value;
  }
  EXPECT_EQ(buckets.size(), counts.size());
  for (const auto& [key, series] : buckets) {
    EXPECT_TRUE(counts.contains(key)) << key;
    EXPECT_EQ(series.back().first, "+Inf") << key;
    EXPECT_EQ(series.back().second, counts[key]) << key;
    for (size_t i = 1; i < series.size(); ++i) {
      EXPECT_LE(series[i - 1].second, series[i].second) << key << " le=" << series[i].first;
      if (i + 1 < series.size()) {
        EXPECT_LT(std::stod(series[i - 1].first), std::stod(series[i].first)) << key;
      }
    }
  }
  return buckets;
}

double value_of(const Exposition& e, const std::string& name, const std::string& labels = "") {
  for (const Sample& s : e.samples) {
    if (s.name == name && s.labels == labels) return s.value;
  }
  ADD_FAILURE() << "no sample " << name << "{" << labels << "}";
  return -1;
}

TEST(ServiceMetricsTest, JournalSyncTimesAndBatchSizesAreValidHistograms) {
  journal::BatchWriteStats stats;
  stats.observe(microseconds(40), 1);              // le 5e-05; le 1
  stats.observe(microseconds(100), 3);             // le 0.0001 exactly; le 4
  stats.observe(milliseconds(3), 8192);            // le 0.005; le 8192 exactly
  stats.observe(seconds(6), 9000);                 // +Inf in both
  stats.observe(std::chrono::nanoseconds(-5), 2);  // a clock that went back counts as 0
  ServiceMetrics metrics;
  const Exposition e = parse(metrics.render(EngineFigures{7, true, stats.read(), {}}));
  EXPECT_EQ(e.types.at("corridor_journal_sync_duration_seconds"), "histogram");
  EXPECT_EQ(e.types.at("corridor_journal_batch_commands"), "histogram");
  for (const Sample& s : e.samples) {
    EXPECT_TRUE(e.types.contains(family_of(e, s.name))) << s.name;
  }
  const auto histograms = check_histograms(e);
  const auto& sync = histograms.at("corridor_journal_sync_duration_seconds{}");
  ASSERT_EQ(sync.size(), journal::kBatchWriteBucketsNs.size() + 1);
  EXPECT_EQ(sync[0], (std::pair<std::string, double>{"5e-05", 2}));
  EXPECT_EQ(sync[1], (std::pair<std::string, double>{"0.0001", 3}));
  EXPECT_EQ(sync[5], (std::pair<std::string, double>{"0.0025", 3}));
  EXPECT_EQ(sync[6], (std::pair<std::string, double>{"0.005", 4}));
  EXPECT_EQ(sync[sync.size() - 2], (std::pair<std::string, double>{"5", 4}));
  EXPECT_EQ(sync.back().second, 5);
  EXPECT_NEAR(value_of(e, "corridor_journal_sync_duration_seconds_sum"), 6.00314, 1e-9);
  const auto& sizes = histograms.at("corridor_journal_batch_commands{}");
  ASSERT_EQ(sizes.size(), journal::kBatchCommandsBuckets.size() + 1);
  EXPECT_EQ(sizes[0], (std::pair<std::string, double>{"1", 1}));
  EXPECT_EQ(sizes[1], (std::pair<std::string, double>{"2", 2}));
  EXPECT_EQ(sizes[2], (std::pair<std::string, double>{"4", 3}));
  EXPECT_EQ(sizes[sizes.size() - 2], (std::pair<std::string, double>{"8192", 4}));
  EXPECT_EQ(sizes.back().second, 5);
  EXPECT_EQ(value_of(e, "corridor_journal_batch_commands_sum"), 1 + 3 + 8192 + 9000 + 2);
  EXPECT_EQ(value_of(e, "corridor_journal_last_seq"), 7);
  EXPECT_EQ(value_of(e, "corridor_journal_failed"), 1);
}

TEST(ServiceMetricsTest, QueueGaugesArePerCurrencyAndPriorityAndNeverAddCurrencies) {
  CurrencyQueueFigures cny{"CNY", {0, 2, 5}, 123456};
  CurrencyQueueFigures rub{"RUB", {1, 0, 0}, 700};
  ServiceMetrics metrics;
  const Exposition e = parse(metrics.render(EngineFigures{1, false, {}, {cny, rub}}));
  EXPECT_EQ(e.types.at("corridor_queued_payments"), "gauge");
  EXPECT_EQ(e.types.at("corridor_queued_value_minor_units"), "gauge");
  EXPECT_EQ(value_of(e, "corridor_queued_payments", "currency=\"CNY\",priority=\"highly_urgent\""),
            0);
  EXPECT_EQ(value_of(e, "corridor_queued_payments", "currency=\"CNY\",priority=\"urgent\""), 2);
  EXPECT_EQ(value_of(e, "corridor_queued_payments", "currency=\"CNY\",priority=\"normal\""), 5);
  EXPECT_EQ(value_of(e, "corridor_queued_payments", "currency=\"RUB\",priority=\"highly_urgent\""),
            1);
  EXPECT_EQ(value_of(e, "corridor_queued_value_minor_units", "currency=\"CNY\""), 123456);
  EXPECT_EQ(value_of(e, "corridor_queued_value_minor_units", "currency=\"RUB\""), 700);
  // One value series per currency and none without a currency: no total.
  int value_series = 0;
  for (const Sample& s : e.samples) {
    if (s.name != "corridor_queued_value_minor_units") continue;
    ++value_series;
    EXPECT_FALSE(label(s.labels, "currency").empty()) << s.labels;
  }
  EXPECT_EQ(value_series, 2);
}

TEST(ServiceMetricsTest, RequestTargetsMapToAFixedSetOfEndpointFamilies) {
  EXPECT_EQ(endpoint_family("/v1/messages"), EndpointFamily::kMessages);
  EXPECT_EQ(endpoint_family("/v1/messages?page=2"), EndpointFamily::kMessages);
  EXPECT_EQ(endpoint_family("/healthz"), EndpointFamily::kHealthz);
  EXPECT_EQ(endpoint_family("/metrics"), EndpointFamily::kMetrics);
  EXPECT_EQ(endpoint_family("/v1/messagesX"), EndpointFamily::kOther);
  EXPECT_EQ(endpoint_family("/anything/else"), EndpointFamily::kOther);
}

}  // namespace
}  // namespace corridor::gateway
