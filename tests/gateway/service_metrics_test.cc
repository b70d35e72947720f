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

  const Exposition e = parse(metrics.render(42, false));
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
