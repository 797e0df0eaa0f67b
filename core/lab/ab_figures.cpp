#include "core/lab/ab_figures.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace archlab {

namespace {
/// A figure both the summary and the series may carry.
struct FigureDef {
    const char* summary;    ///< JSON pointer into summary.json, "" when the summary lacks it
    const char* column;     ///< series column, "" when the series lacks it
    const char* label;
    const char* unit;       ///< "share" values are shown as percent
    Better better;
    bool common;            ///< every lab: listed even when missing
};

// The common figures first, then the labs' own headline figures in the order the labs'
// "how it is checked" lines talk about them.
constexpr FigureDef kFigures[] = {
    {"/throughput_rps", "throughput_rps", "throughput", "req/s", Better::Higher, true},
    {"/error_rate", "", "error rate", "share", Better::Lower, true},
    {"/latency_ms/p99", "latency_p99_ms", "latency p99", "ms", Better::Lower, true},
    {"/latency_ms/mean", "", "latency mean", "ms", Better::Lower, true},
    {"", "latency_p50_ms", "latency p50", "ms", Better::Lower, false},
    {"/hit_ratio", "hit_ratio", "hit ratio", "share", Better::Higher, false},
    {"/stale_read_ratio", "stale_read_ratio", "stale reads", "share", Better::Lower, false},
    {"/lost_writes", "lost_writes", "lost writes", "", Better::Lower, false},
    {"/replication_lag_ms/p99", "", "replication lag p99", "ms", Better::Lower, false},
    {"/detection_delay_ms", "detection_delay_ms", "detection delay", "ms", Better::Lower, false},
    {"/session_lost", "", "sessions lost", "", Better::Lower, false},
    {"", "session_lost_ratio", "sessions lost", "share", Better::Lower, false},
    {"/load_skew", "load_skew", "load skew", "", Better::Lower, false},
    {"/key_skew", "key_skew", "key skew", "", Better::Lower, false},
    {"/lost_keys", "", "lost keys", "", Better::Lower, false},
    {"/misplaced_keys", "", "misplaced keys", "", Better::Lower, false},
    {"/utilisation", "utilisation", "utilisation", "share", Better::Neither, false},
    {"/shed", "", "shed", "", Better::Lower, false},
    {"", "shed_per_s", "shed", "/s", Better::Lower, false},
    {"/completed", "", "orders completed", "", Better::Higher, false},
    {"/compensated", "", "orders compensated", "", Better::Neither, false},
    {"/stuck", "", "orders stuck", "", Better::Lower, false},
    {"/in_doubt_max", "", "in doubt (max)", "", Better::Lower, false},
    {"/lock_wait_ms/p99", "lock_wait_p99_ms", "lock wait p99", "ms", Better::Lower, false},
    {"/double_applied", "double_applied", "double applied", "", Better::Lower, false},
    {"/isolation_anomalies", "", "isolation anomalies", "", Better::Lower, false},
};

double number_at(const nlohmann::json& s, const char* pointer) {
    if (!*pointer || !s.is_object()) return std::nan("");
    const nlohmann::json::json_pointer p(pointer);
    if (!s.contains(p)) return std::nan("");
    const nlohmann::json& v = s.at(p);
    if (v.is_number()) return v.get<double>();
    if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
    return std::nan("");
}

int column_of(const std::vector<std::string>& columns, const std::string& name) {
    const auto it = std::find(columns.begin(), columns.end(), name);
    return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
}

/// Mean of a column's finite values over rows with t_s > from_s; NaN when there are none.
double mean_since(const std::deque<SeriesRow>& rows, int column, double from_s) {
    if (column < 0) return std::nan("");
    double sum = 0.0;
    int n = 0;
    for (auto it = rows.rbegin(); it != rows.rend() && it->t_s > from_s; ++it) {
        const auto c = static_cast<std::size_t>(column);
        if (c < it->values.size() && std::isfinite(it->values[c])) {
            sum += it->values[c];
            ++n;
        }
    }
    return n > 0 ? sum / n : std::nan("");
}

/// Errors as a share of all requests over the window, from the series' rates.
double error_share(const std::vector<std::string>& columns, const std::deque<SeriesRow>& rows, double from_s) {
    if (const int r = column_of(columns, "error_rate"); r >= 0) return mean_since(rows, r, from_s);
    const double errors = mean_since(rows, column_of(columns, "errors_per_s"), from_s);
    const double ok = mean_since(rows, column_of(columns, "throughput_rps"), from_s);
    if (!std::isfinite(errors) || !std::isfinite(ok)) return std::nan("");
    return ok + errors > 0 ? errors / (ok + errors) : 0.0;
}

/// Latency figures are of answered requests: when the sides' error rates differ by a percentage
/// point or more, the one that fails more is not faster, it answers fewer of the slow requests.
void caveat_latency(std::vector<AbFigure>& figures) {
    const auto errors = std::find_if(figures.begin(), figures.end(), [](const AbFigure& f) { return f.key == "error_rate"; });
    if (errors == figures.end() || !std::isfinite(errors->a) || !std::isfinite(errors->b)) return;
    if (std::abs(errors->b - errors->a) < 0.01) return;
    const std::string why = fmt::format("answered requests only, and the error rates differ ({} in A, {} in B)",
                                        format_ab_value(errors->a, "share"), format_ab_value(errors->b, "share"));
    for (AbFigure& f : figures) {
        if (f.key.rfind("latency", 0) == 0) f.caveat = why;  // latency_ms/p99, latency_p50_ms, ...
    }
}
}  // namespace

int AbFigure::b_better() const {
    if (!caveat.empty() || better == Better::Neither || !std::isfinite(a) || !std::isfinite(b)) return 0;
    if (std::abs(b - a) <= 0.01 * std::max(std::abs(a), std::abs(b))) return 0;
    return (b > a) == (better == Better::Higher) ? 1 : -1;
}

std::vector<AbFigure> ab_summary_figures(const nlohmann::json& a, const nlohmann::json& b) {
    std::vector<AbFigure> out;
    for (const FigureDef& d : kFigures) {
        if (!*d.summary) continue;
        AbFigure f{d.summary + 1, d.label, d.unit, number_at(a, d.summary), number_at(b, d.summary), d.better};
        if (d.common || std::isfinite(f.a) || std::isfinite(f.b)) out.push_back(std::move(f));
    }
    caveat_latency(out);
    return out;
}

std::vector<AbFigure> ab_series_figures(const std::vector<std::string>& a_columns, const std::deque<SeriesRow>& a_rows,
                                        const std::vector<std::string>& b_columns, const std::deque<SeriesRow>& b_rows,
                                        double window_s) {
    // Both sides over the same stretch of run time: the last window_s before the side that is behind.
    const double last = std::min(a_rows.empty() ? 0.0 : a_rows.back().t_s, b_rows.empty() ? 0.0 : b_rows.back().t_s);
    const double from = last - window_s;
    std::vector<AbFigure> out;
    for (const FigureDef& d : kFigures) {
        AbFigure f{d.column, d.label, d.unit, std::nan(""), std::nan(""), d.better};
        if (std::string(d.summary) == "/error_rate") {  // the series has rates: the share is made from them
            f.key = "error_rate";
            f.a = error_share(a_columns, a_rows, from);
            f.b = error_share(b_columns, b_rows, from);
        } else if (*d.column) {
            f.a = mean_since(a_rows, column_of(a_columns, d.column), from);
            f.b = mean_since(b_rows, column_of(b_columns, d.column), from);
        } else {
            continue;
        }
        if (d.common || std::isfinite(f.a) || std::isfinite(f.b)) out.push_back(std::move(f));
    }
    caveat_latency(out);
    return out;
}

std::string format_ab_value(double v, const std::string& unit) {
    if (!std::isfinite(v)) return "-";
    if (unit == "share") return fmt::format("{:.2f}%", v * 100.0);
    return fmt::format("{:.4g}{}", v, unit.empty() ? "" : " " + unit);
}

std::string format_ab_delta(const AbFigure& f) {
    if (!std::isfinite(f.a) || !std::isfinite(f.b)) return "-";
    const double d = f.delta();
    std::string out = f.unit == "share" ? fmt::format("{:+.2f} pts", d * 100.0)
                                        : fmt::format("{:+.4g}{}", d, f.unit.empty() ? "" : " " + f.unit);
    if (const double r = f.relative(); std::isfinite(r)) out += fmt::format(" ({:+.1f}%)", r * 100.0);
    return out;
}

}  // namespace archlab
