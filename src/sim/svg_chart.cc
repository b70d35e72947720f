#include "sim/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>

namespace corridor::sim {
namespace {

constexpr double kWidth = 820;
constexpr double kHeight = 340;
constexpr double kLeft = 130;   // room for money labels
constexpr double kRight = 220;  // room for the legend
constexpr double kTop = 34;
constexpr double kBottom = 56;

struct Frame {
  double x_min, x_max, y_min, y_max;
  double px(double x) const {
    const double span = x_max > x_min ? x_max - x_min : 1;
    return kLeft + (x - x_min) / span * (kWidth - kLeft - kRight);
  }
  double py(double y) const {
    const double span = y_max > y_min ? y_max - y_min : 1;
    return kHeight - kBottom - (y - y_min) / span * (kHeight - kTop - kBottom);
  }
};

void open_svg(std::string* out, std::string_view title) {
  *out += fmt::format(
      "<svg class=\"chart\" width=\"{:.0f}\" "
      "height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" role=\"img\" aria-label=\"{}\">\n"
      "<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
      "<text x=\"{:.0f}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
      kWidth, kHeight, kWidth, kHeight, html_escape(title), html_escape(title), kLeft,
      html_escape(title));
}

void axes(std::string* out, const Frame& f, const std::vector<ChartTick>& x_ticks,
          const std::vector<ChartTick>& y_ticks, std::string_view x_label,
          std::string_view y_label) {
  const double x0 = kLeft, x1 = kWidth - kRight, y0 = kHeight - kBottom, y1 = kTop;
  for (const ChartTick& t : y_ticks) {
    const double y = f.py(t.at);
    *out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">{}</text>\n",
        x0, y, x1, y, x0 - 6, y + 4, html_escape(t.label));
  }
  for (const ChartTick& t : x_ticks) {
    const double x = f.px(t.at);
    *out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#999\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
        x, y0, x, y0 + 5, x, y0 + 18, html_escape(t.label));
  }
  *out += fmt::format(
      "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#333\"/>"
      "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{3:.1f}\" stroke=\"#333\"/>\n",
      x0, y0, x1, y1);
  *out += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\n",
      (x0 + x1) / 2, kHeight - 12, html_escape(x_label));
  *out += fmt::format(
      "<text x=\"14\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 14 {:.1f})\">{}</text>\n",
      (y0 + y1) / 2, (y0 + y1) / 2, html_escape(y_label));
}

void legend(std::string* out, const std::vector<std::string>& names,
            const std::vector<std::string>& colors) {
  for (size_t i = 0; i < names.size(); ++i) {
    const double y = kTop + 8 + 18 * static_cast<double>(i);
    *out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\">{}</text>\n",
        kWidth - kRight + 14, y - 10, colors[i], kWidth - kRight + 32, y, html_escape(names[i]));
  }
}

}  // namespace

std::string render_line_chart(const LineChart& c) {
  std::string out;
  open_svg(&out, c.title);
  const Frame f{c.x_min, c.x_max, c.y_min, c.y_max};
  axes(&out, f, c.x_ticks, c.y_ticks, c.x_label, c.y_label);
  std::vector<std::string> names, colors;
  for (const ChartSeries& s : c.series) {
    names.push_back(s.name);
    colors.push_back(s.color);
    std::string points;
    for (const ChartPoint& p : s.points) {
      points += fmt::format("{:.1f},{:.1f} ", f.px(p.x), f.py(p.y));
    }
    out += fmt::format(
        "<polyline class=\"series\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
        "points=\"{}\"/>\n",
        s.color, points);
    for (const ChartPoint& p : s.points) {
      if (s.points.size() > 40) break;  // dense series: the line alone
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>", f.px(p.x),
                         f.py(p.y), s.color);
    }
    out += "\n";
  }
  legend(&out, names, colors);
  out += "</svg>\n";
  return out;
}

std::string render_bar_chart(const BarChart& c) {
  std::string out;
  open_svg(&out, c.title);
  const double groups = static_cast<double>(std::max<size_t>(c.group_labels.size(), 1));
  const Frame f{0, groups, 0, c.y_max};
  axes(&out, f, {}, c.y_ticks, "", c.y_label);
  const double group_px = (kWidth - kLeft - kRight) / groups;
  const double bars = static_cast<double>(std::max<size_t>(c.series_names.size(), 1));
  const double bar_px = group_px * 0.8 / bars;
  for (size_t g = 0; g < c.group_labels.size(); ++g) {
    const double gx = kLeft + group_px * static_cast<double>(g) + group_px * 0.1;
    for (size_t s = 0; s < c.series_names.size() && s < c.values[g].size(); ++s) {
      const double y = f.py(std::min(c.values[g][s], c.y_max));
      out += fmt::format(
          "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
          "fill=\"{}\"/>",
          gx + bar_px * static_cast<double>(s), y, std::max(bar_px - 1, 1.0), kHeight - kBottom - y,
          c.colors[s]);
    }
    const double lx = gx + group_px * 0.4;
    const double ly = kHeight - kBottom + 12;
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\" "
        "transform=\"rotate(-35 {:.1f} {:.1f})\">{}</text>\n",
        lx, ly, lx, ly, html_escape(c.group_labels[g]));
  }
  legend(&out, c.series_names, c.colors);
  out += "</svg>\n";
  return out;
}

std::vector<int64_t> nice_ticks(int64_t max) {
  if (max <= 0) return {0, 1};
  const int64_t rough = max / 4 + 1;
  int64_t power = 1;
  while (power <= INT64_MAX / 10 && power * 10 <= rough) power *= 10;
  int64_t step = power;
  for (int64_t m : {1, 2, 5, 10}) {
    if (power <= INT64_MAX / m && power * m >= rough) {
      step = power * m;
      break;
    }
  }
  std::vector<int64_t> ticks{0};
  while (ticks.back() < max && ticks.back() <= INT64_MAX - step)
    ticks.push_back(ticks.back() + step);
  return ticks;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string series_color(size_t i) {
  static const char* const kPalette[] = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd",
                                         "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"};
  return kPalette[i % (sizeof(kPalette) / sizeof(kPalette[0]))];
}

}  // namespace corridor::sim
