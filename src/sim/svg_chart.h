// Inline SVG line and bar charts for the simulator's HTML report. Floating
// point here is chart geometry only: every label is formatted by the caller,
// from integers where it shows money.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::sim {

struct ChartTick {
  double at = 0;  // in data units
  std::string label;
};

struct ChartPoint {
  double x = 0;
  double y = 0;
};

struct ChartSeries {
  std::string name;
  std::string color;  // CSS colour
  std::vector<ChartPoint> points;
};

struct LineChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  std::vector<ChartTick> x_ticks, y_ticks;
  std::vector<ChartSeries> series;
};

struct BarChart {
  std::string title;
  std::string y_label;
  std::vector<std::string> series_names;  // one bar per series in each group
  std::vector<std::string> colors;
  std::vector<std::string> group_labels;
  std::vector<std::vector<double>> values;  // values[group][series], in y units
  double y_max = 1;
  std::vector<ChartTick> y_ticks;
};

std::string render_line_chart(const LineChart& chart);
std::string render_bar_chart(const BarChart& chart);

// "Nice" round tick values 0, step, 2*step, ... covering [0, max] with about
// four steps; step is 1, 2 or 5 times a power of ten. max <= 0 gives {0, 1}.
std::vector<int64_t> nice_ticks(int64_t max);

// Text safe inside HTML/SVG elements and attribute values.
std::string html_escape(std::string_view text);

// The colour of the i-th series (a fixed palette, so reports are reproducible).
std::string series_color(size_t i);

}  // namespace corridor::sim
