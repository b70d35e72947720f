#include "sim/svg_chart.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corridor::sim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SvgChartTest, NiceTicksAreRoundStepsCoveringTheMaximum) {
  EXPECT_THAT(nice_ticks(0), ElementsAre(0, 1));
  EXPECT_THAT(nice_ticks(7), ElementsAre(0, 2, 4, 6, 8));
  EXPECT_THAT(nice_ticks(100), ElementsAre(0, 50, 100));
  EXPECT_THAT(nice_ticks(4321), ElementsAre(0, 2000, 4000, 6000));
  // No overflow at the top of int64.
  const std::vector<int64_t> top = nice_ticks(INT64_MAX);
  EXPECT_GE(top.size(), 2u);
  for (size_t i = 1; i < top.size(); ++i) EXPECT_GT(top[i], top[i - 1]);
}

TEST(SvgChartTest, TextIsEscaped) {
  EXPECT_EQ(html_escape("A&B <x> \"q\" 'a'"), "A&amp;B &lt;x&gt; &quot;q&quot; &#39;a&#39;");
}

TEST(SvgChartTest, LineChartDrawsOnePolylinePerSeriesWithItsLegend) {
  LineChart chart;
  chart.title = "T <1>";
  chart.x_max = 10;
  chart.y_max = 10;
  chart.series = {{"first", series_color(0), {{0, 0}, {10, 10}}},
                  {"second", series_color(1), {{0, 10}, {10, 0}}}};
  chart.y_ticks = {{0, "0"}, {10, "10"}};
  const std::string svg = render_line_chart(chart);
  EXPECT_THAT(svg, HasSubstr("<svg class=\"chart\""));
  EXPECT_THAT(svg, HasSubstr("<title>T &lt;1&gt;</title>"));
  EXPECT_THAT(svg, HasSubstr(">first</text>"));
  EXPECT_THAT(svg, HasSubstr(">second</text>"));
  size_t lines = 0;
  for (size_t at = svg.find("<polyline"); at != std::string::npos;
       at = svg.find("<polyline", at + 1))
    ++lines;
  EXPECT_EQ(lines, 2u);
  // (0,0) is the bottom left of the plot area, (10,10) its top right.
  EXPECT_THAT(svg, HasSubstr("points=\"130.0,284.0 600.0,34.0 \""));
}

TEST(SvgChartTest, BarChartDrawsABarPerGroupAndSeries) {
  BarChart chart;
  chart.series_names = {"a", "b"};
  chart.colors = {series_color(0), series_color(1)};
  chart.group_labels = {"g1", "g2", "g3"};
  chart.values = {{1, 2}, {3, 4}, {5, 6}};
  chart.y_max = 6;
  const std::string svg = render_bar_chart(chart);
  size_t bars = 0;
  for (size_t at = svg.find("class=\"bar\""); at != std::string::npos;
       at = svg.find("class=\"bar\"", at + 1))
    ++bars;
  EXPECT_EQ(bars, 6u);
  EXPECT_THAT(svg, HasSubstr(">g3</text>"));
}

}  // namespace
}  // namespace corridor::sim
