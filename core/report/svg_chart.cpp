#include "core/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/report/markup.h"

namespace archlab {

namespace {
constexpr double kLeft = 64, kRight = 18, kTop = 40, kAxisBelow = 38;   ///< plot margins, user units
constexpr double kNoteLine = 13;            ///< height of one line of the note under the title
constexpr double kLegendRow = 18;          ///< height of one legend row
constexpr double kCharWidth = 6.6;         ///< rough width of a 12-unit sans-serif character
constexpr const char* kMarkerColour = "#b02a1a";

std::string dash_attr(PlotLine::Dash d) {
    switch (d) {
        case PlotLine::Dash::Dashed: return " stroke-dasharray=\"7 4\"";
        case PlotLine::Dash::Dotted: return " stroke-dasharray=\"2 3\"";
        case PlotLine::Dash::Solid: break;
    }
    return "";
}

/// Legend entries laid out in rows across the width: (x, row) of each.
std::vector<std::pair<double, int>> legend_places(const ChartPlot& plot, double width) {
    std::vector<std::pair<double, int>> out;
    double x = kLeft;
    int row = 0;
    for (const PlotLine& l : plot.lines) {
        const double w = 30 + kCharWidth * static_cast<double>(l.label.size()) + 14;
        if (x + w > width - kRight && x > kLeft) {
            x = kLeft;
            ++row;
        }
        out.emplace_back(x, row);
        x += w;
    }
    return out;
}
/// The note cut into lines at word boundaries so that none runs past the chart's right edge.
std::vector<std::string> note_lines(const std::string& note, double width) {
    const auto max_chars = static_cast<std::size_t>(std::max(20.0, (width - kLeft - kRight) / (kCharWidth * 11.0 / 12.0)));
    std::vector<std::string> lines;
    std::string line;
    std::size_t i = 0;
    while (i < note.size()) {
        const std::size_t end = std::min(note.find(' ', i), note.size());
        const std::string word = note.substr(i, end - i);
        if (!line.empty() && line.size() + 1 + word.size() > max_chars) {
            lines.push_back(std::move(line));
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        i = end + 1;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    return lines;
}
}  // namespace

std::string chart_svg(const ChartPlot& plot, int width_units, int height_units) {
    const double width = width_units;
    const auto legend = legend_places(plot, width);
    const int legend_rows = legend.empty() ? 0 : legend.back().second + 1;
    const std::vector<std::string> note = note_lines(plot.note, width);
    const double top = kTop + kNoteLine * static_cast<double>(std::max<std::size_t>(note.size(), 1) - 1);
    const double plot_h = std::max(80.0, height_units - kTop - kAxisBelow);
    const double height = top + plot_h + kAxisBelow + legend_rows * kLegendRow + 6;
    // Room on the left for the widest tick label (an index's names are words: "replica-2").
    double left = kLeft;
    for (std::size_t i = 0; i < plot.y.ticks.size(); ++i) {
        left = std::max(left, kCharWidth * static_cast<double>(plot.y.tick_label(i).size()) + 14);
    }
    const double x0 = left, x1 = width - kRight, y0 = top + plot_h, y1 = top;
    const auto sx = [&](double t) { return x0 + (t - plot.x.min) / std::max(plot.x.max - plot.x.min, 1e-12) * (x1 - x0); };
    const auto sy = [&](double v) { return y0 - (v - plot.y.min) / std::max(plot.y.max - plot.y.min, 1e-12) * (y0 - y1); };

    std::string s;
    s += fmt::format(R"(<svg class="chart" id="chart-{}" viewBox="0 0 {:.0f} {:.0f}" width="{:.0f}" height="{:.0f}" )"
                     R"(role="img" font-family="sans-serif" font-size="12">)",
                     markup_escape(plot.id), width, height, width, height);
    s += "<title>" + markup_escape(plot.title) + "</title>";
    s += fmt::format(R"(<rect x="0" y="0" width="{:.0f}" height="{:.0f}" fill="#ffffff"/>)", width, height);
    s += fmt::format(R"(<text x="{:.1f}" y="16" font-size="14" font-weight="bold">{}</text>)", x0, markup_escape(plot.title));
    for (std::size_t i = 0; i < note.size(); ++i) {
        s += fmt::format(R"(<text x="{:.1f}" y="{:.0f}" font-size="11" fill="#555555">{}</text>)", x0,
                         31 + kNoteLine * static_cast<double>(i), markup_escape(note[i]));
    }
    // Grid and ticks.
    for (std::size_t i = 0; i < plot.y.ticks.size(); ++i) {
        const double v = plot.y.ticks[i];
        s += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#e3e3e3"/>)", x0, sy(v), x1, sy(v));
        s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="end" fill="#333333">{}</text>)", x0 - 6, sy(v) + 4,
                         markup_escape(plot.y.tick_label(i)));
    }
    const double xstep = plot.x.ticks.size() > 1 ? plot.x.ticks[1] - plot.x.ticks[0] : 1.0;
    for (double t : plot.x.ticks) {
        s += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#999999"/>)", sx(t), y0, sx(t), y0 + 4);
        s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="#333333">{}</text>)", sx(t), y0 + 17,
                         tick_text(t, xstep));
    }
    s += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="none" stroke="#999999"/>)", x0, y1,
                     x1 - x0, y0 - y1);
    s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="#333333">time (s)</text>)", (x0 + x1) / 2,
                     y0 + 32);
    if (!plot.unit.empty()) {
        s += fmt::format(R"svg(<text transform="translate(14 {:.1f}) rotate(-90)" text-anchor="middle" fill="#333333">{}</text>)svg",
                         (y0 + y1) / 2, markup_escape(plot.unit));
    }
    // Lines, kept in the plot area by clamping: a spike drawn off the scale runs along its top.
    const auto line_y = [&](double v) { return std::clamp(sy(v), y1 - 3.0, y0); };
    bool any = false;
    for (const PlotLine& l : plot.lines) {
        for (const auto& seg : l.segments) {
            if (seg.empty()) continue;
            any = true;
            std::string points;
            for (const auto& [t, v] : seg) points += fmt::format("{:.1f},{:.1f} ", sx(t), line_y(v));
            points.pop_back();
            if (seg.size() == 1) {  // a lone sample between gaps: a dot, or it would not show
                s += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2.5" fill="{}"/>)", sx(seg[0].first), line_y(seg[0].second),
                                 l.colour);
                continue;
            }
            s += fmt::format(R"(<polyline fill="none" stroke="{}" stroke-width="2" stroke-linejoin="round"{} points="{}"/>)",
                             l.colour, dash_attr(l.dash), points);
        }
    }
    if (!any) {
        s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="#777777">no data recorded</text>)",
                         (x0 + x1) / 2, (y0 + y1) / 2);
    }
    // Fault and knob markers: a dashed line over the plot and its label along it.
    for (const PlotMarker& m : plot.markers) {
        if (m.t_s < plot.x.min || m.t_s > plot.x.max) continue;
        const double x = sx(m.t_s);
        s += fmt::format(R"(<g class="marker"><title>{:.2f} s: {}</title>)", m.t_s, markup_escape(m.label));
        s += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2" stroke-dasharray="5 3"/>)",
                         x, y1, x, y0, kMarkerColour);
        s += fmt::format(R"svg(<text transform="translate({:.1f} {:.1f}) rotate(-90)" text-anchor="end" font-size="10" fill="{}">{}</text>)svg",
                         x + 14, y1 + 4, kMarkerColour, markup_escape(m.label));
        s += "</g>";
    }
    // Legend.
    for (std::size_t i = 0; i < plot.lines.size(); ++i) {
        const PlotLine& l = plot.lines[i];
        const double lx = legend[i].first, ly = y0 + kAxisBelow + legend[i].second * kLegendRow + 8;
        s += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2.5"{}/>)", lx, ly,
                         lx + 24, ly, l.colour, dash_attr(l.dash));
        s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" fill="#222222">{}</text>)", lx + 30, ly + 4, markup_escape(l.label));
    }
    s += "</svg>";
    return s;
}

}  // namespace archlab
