#include "core/report/chart_plot.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "core/report/series_naming.h"
#include "core/report/spike_cap.h"

namespace archlab {

std::vector<double> nice_ticks(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) return {0.0, 1.0};
    if (hi < lo) std::swap(lo, hi);
    if (hi - lo < 1e-12) hi = lo + (lo == 0.0 ? 1.0 : std::abs(lo) * 0.1);
    const double raw = (hi - lo) / std::max(target, 1);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power * 10.0;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (power * m >= raw) {
            step = power * m;
            break;
        }
    }
    std::vector<double> ticks;
    const double first = std::floor(lo / step + 1e-9) * step;
    for (double v = first; v <= hi + step * (1 - 1e-9) && ticks.size() < 64; v += step) {
        ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
        if (v >= hi - step * 1e-9) break;
    }
    return ticks;
}

std::string tick_text(double v, double step) {
    int decimals = 0;
    while (decimals < 6 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6) {
        ++decimals;
    }
    return fmt::format("{:.{}f}", v, decimals);
}

std::vector<std::vector<std::pair<double, double>>> thin_column(const SeriesSnapshot& s, int column, int buckets) {
    std::vector<std::vector<std::pair<double, double>>> segments;
    if (column < 0 || s.rows.empty()) return segments;
    const auto c = static_cast<std::size_t>(column);
    const double x0 = s.rows.front().t_s, x1 = s.rows.back().t_s;
    const double width = std::max(x1 - x0, 1e-9);
    const int nb = std::max(buckets, 1);
    std::vector<std::pair<double, double>>* seg = nullptr;
    int bucket = -1;
    std::pair<double, double> lo, hi;
    bool have = false;
    const auto emit = [&] {
        if (!have || !seg) return;
        if (lo == hi) {
            seg->push_back(lo);
        } else {
            seg->push_back(lo.first <= hi.first ? lo : hi);
            seg->push_back(lo.first <= hi.first ? hi : lo);
        }
        have = false;
    };
    for (const SeriesRow& row : s.rows) {
        const double v = c < row.values.size() ? row.values[c] : std::nan("");
        if (!std::isfinite(v)) {  // no data here: the line breaks
            emit();
            seg = nullptr;
            bucket = -1;
            continue;
        }
        if (!seg) {
            segments.emplace_back();
            seg = &segments.back();
        }
        const int b = std::min(nb - 1, static_cast<int>((row.t_s - x0) / width * nb));
        if (b != bucket) {
            emit();
            bucket = b;
        }
        const std::pair<double, double> p(row.t_s, v);
        if (!have) {
            lo = hi = p;
            have = true;
        } else {
            if (v < lo.second) lo = p;
            if (v > hi.second) hi = p;
        }
    }
    emit();
    return segments;
}

ChartPlot make_chart_plot(const ChartSpec& spec, const std::vector<PlotRun>& runs, int buckets) {
    ChartPlot plot;
    plot.id = spec.id;
    plot.title = spec.title;
    plot.unit = spec.unit;
    plot.note = spec.note;
    const std::vector<std::string> labels = series_label_texts(spec.series, spec.unit);
    double xmax = 0.0, ymin = 0.0, ymax = 0.0;
    struct SharedMarker {
        double t_s;
        std::string label;
        std::vector<std::string> runs;   ///< names of the runs that had it ("A", "B"), none for a single run
    };
    std::vector<SharedMarker> shared;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const PlotRun& run = runs[r];
        if (!run.series) continue;
        const SeriesSnapshot& s = *run.series;
        if (!s.rows.empty()) xmax = std::max(xmax, s.rows.back().t_s);
        const auto add = [&](const std::string& column, std::string label, int colour, PlotLine::Dash dash) {
            PlotLine line;
            line.label = std::move(label) + run.suffix;
            line.colour = series_colour_hex(colour);
            line.dash = r > 0 && dash == PlotLine::Dash::Solid ? PlotLine::Dash::Dotted : dash;
            line.segments = thin_column(s, s.column(column), buckets);
            for (const auto& seg : line.segments) {
                for (const auto& [t, v] : seg) {
                    ymin = std::min(ymin, v);
                    ymax = std::max(ymax, v);
                }
            }
            if (s.column(column) >= 0) plot.lines.push_back(std::move(line));
        };
        for (std::size_t i = 0; i < spec.series.size(); ++i) {
            add(spec.series[i], labels[i], static_cast<int>(i), PlotLine::Dash::Solid);
        }
        int extra = static_cast<int>(spec.series.size());
        for (const std::string& p : spec.predicted) {
            const int m = matching_measured_column(p, spec.series);
            const std::string label = (m >= 0 ? labels[static_cast<std::size_t>(m)] : series_label_text(p, spec.unit)) + " (theory)";
            add(p, label, m >= 0 ? m : extra++, PlotLine::Dash::Dashed);
        }
        // A fault both runs had at the same instant is one marker naming both: "kill worker-2 (A, B)".
        std::string name = run.suffix;
        if (name.starts_with(" (") && name.ends_with(")")) name = name.substr(2, name.size() - 3);
        // The lines name a side with its variant ("B: dispatch=random"); a marker, by its letter.
        if (const auto colon = name.find(':'); colon != std::string::npos) name.resize(colon);
        for (const PlotMarker& m : run.markers) {
            auto same = std::find_if(shared.begin(), shared.end(), [&](const SharedMarker& x) {
                return std::abs(x.t_s - m.t_s) < 1e-9 && x.label == m.label;
            });
            if (same == shared.end()) same = shared.insert(shared.end(), SharedMarker{m.t_s, m.label, {}});
            if (!name.empty()) same->runs.push_back(name);
        }
    }
    for (const SharedMarker& m : shared) {
        std::string runs_text;
        for (const std::string& r : m.runs) runs_text += (runs_text.empty() ? "" : ", ") + r;
        plot.markers.push_back({m.t_s, runs_text.empty() ? m.label : m.label + " (" + runs_text + ")"});
    }
    std::stable_sort(plot.markers.begin(), plot.markers.end(), [](const PlotMarker& a, const PlotMarker& b) { return a.t_s < b.t_s; });
    plot.x.ticks = nice_ticks(0.0, std::max(xmax, 1.0), 8);
    plot.x.min = 0.0;
    plot.x.max = std::max(xmax, 1.0);
    while (plot.x.ticks.size() > 1 && plot.x.ticks.back() > plot.x.max + 1e-9) plot.x.ticks.pop_back();
    if (!spec.levels.empty()) {  // an index: one tick per named value, a little room above and below
        for (std::size_t i = 0; i < spec.levels.size(); ++i) plot.y.ticks.push_back(static_cast<double>(i));
        plot.y.labels = spec.levels;
        plot.y.min = -0.25;
        plot.y.max = static_cast<double>(spec.levels.size() - 1) + 0.25;
        return plot;
    }
    if (spec.spikes_off_scale) {
        std::vector<double> values;
        for (const PlotLine& l : plot.lines) {
            for (const auto& seg : l.segments) {
                for (const auto& tv : seg) values.push_back(tv.second);
            }
        }
        if (const std::optional<double> top = spike_cap(std::move(values))) {
            ymax = *top;
            plot.note += (plot.note.empty() ? "" : ". ") + off_scale_text(plot, *top);
        }
    }
    plot.y.ticks = nice_ticks(ymin, ymax > ymin ? ymax * 1.05 : ymin + 1.0, 5);
    plot.y.min = plot.y.ticks.front();
    plot.y.max = plot.y.ticks.back();
    return plot;
}

std::string off_scale_text(const ChartPlot& plot, double top) {
    std::string names;
    for (const PlotLine& l : plot.lines) {
        double peak = -INFINITY, at_s = 0.0;
        for (const auto& seg : l.segments) {
            for (const auto& [t, v] : seg) {
                if (v > peak) peak = v, at_s = t;
            }
        }
        if (peak <= top) continue;
        names += (names.empty() ? "" : ", ") +
                 fmt::format("{} up to {:.4g}{} at {:.1f} s", l.label, peak, plot.unit.empty() ? "" : " " + plot.unit, at_s);
    }
    return names.empty() ? std::string() : "Off the scale: " + names;
}

std::string PlotAxis::tick_label(std::size_t i) const {
    if (i < labels.size()) return labels[i];
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    return i < ticks.size() ? tick_text(ticks[i], step) : std::string();
}

}  // namespace archlab
