#pragma once
// A lab declares its series once, as a table: each column's name, unit, chart, and how its value
// is made from the lab's metrics (a counter's rate, a ratio of two counters, a histogram
// percentile over the interval, a gauge, or a value the lab computes). The framework samples it
// (SeriesSampler), draws it (chart_specs) and writes the common summary fields from it.
#include <functional>
#include <string>
#include <vector>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"

namespace archlab {

struct ChartSpec;

enum class SeriesKind {
    Rate,        ///< sum of counters' growth per second over the interval
    Ratio,       ///< growth of the numerator counters / growth of the denominator counters (NaN when 0)
    Percentile,  ///< a histogram's q-quantile over the interval (NaN when it recorded nothing)
    Mean,        ///< a histogram's mean over the interval (NaN when empty)
    Max,         ///< a histogram's largest value over the interval (NaN when empty)
    Gauge,       ///< a gauge's level at the sample
    Value,       ///< computed by the lab at the sample (a model prediction, a level it reads)
};

struct SeriesColumn {
    std::string name;                      ///< "latency_p99_ms": the column in series.csv
    std::string unit;                      ///< "ms", "req/s", "share", ...
    std::string chart;                     ///< id of the chart that draws it ("" = recorded, not drawn)
    SeriesKind kind = SeriesKind::Value;
    std::vector<const Counter*> num;       ///< Rate, Ratio: counters summed
    std::vector<const Counter*> den;       ///< Ratio: denominator counters summed
    const Histogram* hist = nullptr;       ///< Percentile, Mean, Max
    double q = 0.5;                        ///< Percentile: 0..1
    const archlab::Gauge* gauge = nullptr; ///< Gauge
    std::function<double()> value;         ///< Value: called on the sampler's thread
    double scale = 1.0;                    ///< multiplies the raw value (1e-6: ns -> ms)
    bool predicted = false;                ///< a model's value, drawn dashed beside the measured ones
    std::string node;                      ///< blank (NaN) while this node is down ("" = no node)
};

struct ChartDecl {
    std::string id;                        ///< "latency"
    std::string title;                     ///< short: fits above a chart in the window
    std::string unit;                      ///< the y axis unit
    std::string note;                      ///< shown under the chart
    std::function<std::string()> note_now; ///< a note that depends on the run (overrides `note`)
    std::vector<std::string> levels;       ///< the chart plots an index: names of values 0, 1, ...
    bool spikes_off_scale = false;         ///< see ChartSpec::spikes_off_scale
};

/// What summary.json gets from the framework: requests, errors, throughput and latency.
struct HeadlineMetrics {
    const Counter* ok = nullptr;            ///< operations that succeeded
    const Counter* errors = nullptr;        ///< operations that failed or timed out
    const Histogram* latency_ns = nullptr;  ///< end-to-end latency of the successful ones, ns
};

/// The columns the window's status bar reads as the run's rate and p99 at the newest sample. A
/// lab whose rate is not requests (orders, key operations) names its own column, label and unit;
/// an empty column shows "—" (the tip says why).
struct StatusColumns {
    std::string rate_column = "throughput_rps";
    std::string rate_label = "throughput";     ///< the word before the figure
    std::string rate_unit = "req/s";
    std::string rate_tip = "Completed requests per second in the last sample";
    std::string p99_column = "latency_p99_ms";
    std::string p99_tip = "99th percentile latency in the last sample";
};

class SeriesTable {
public:
    /// Declares a chart; columns name it by id. Charts are listed in declaration order.
    SeriesTable& chart(std::string id, std::string title, std::string unit, std::string note = {});
    /// A note computed when the charts are drawn (which model fits, ...).
    SeriesTable& chart_note(const std::string& id, std::function<std::string()> note);
    /// The chart plots an index: value k stands for names[k] (its axis is labelled with them).
    SeriesTable& chart_levels(const std::string& id, std::vector<std::string> names);
    /// Draws a few points far above the rest of chart `id` off its scale (ChartSpec::spikes_off_scale).
    SeriesTable& chart_spikes_off_scale(const std::string& id);

    SeriesTable& rate(std::string name, std::string unit, std::string chart, std::vector<const Counter*> counters);
    SeriesTable& rate(std::string name, std::string unit, std::string chart, const Counter& counter) {
        return rate(std::move(name), std::move(unit), std::move(chart), std::vector<const Counter*>{&counter});
    }
    SeriesTable& ratio(std::string name, std::string chart, std::vector<const Counter*> num,
                       std::vector<const Counter*> den);
    /// Percentile of a histogram of nanoseconds, in ms.
    SeriesTable& percentile_ms(std::string name, std::string chart, const Histogram& h, double q);
    SeriesTable& mean_ms(std::string name, std::string chart, const Histogram& h);
    SeriesTable& max_ms(std::string name, std::string chart, const Histogram& h);
    SeriesTable& gauge(std::string name, std::string unit, std::string chart, const archlab::Gauge& g);
    SeriesTable& value(std::string name, std::string unit, std::string chart, std::function<double()> fn);

    /// Modifiers of the column declared last.
    SeriesTable& predicted();                 ///< drawn dashed, as the model's line
    SeriesTable& of_node(std::string node);   ///< blank while that node is down
    SeriesTable& scaled(double factor);       ///< multiplies the raw value

    SeriesTable& headline(HeadlineMetrics h) { headline_ = h; return *this; }
    SeriesTable& status(StatusColumns s) { status_ = std::move(s); return *this; }

    const std::vector<SeriesColumn>& columns() const { return columns_; }
    const std::vector<ChartDecl>& charts() const { return charts_; }
    const HeadlineMetrics& headline() const { return headline_; }
    const StatusColumns& status() const { return status_; }
    std::vector<std::string> column_names() const;
    /// Chart specs for the window and the PNG writer: measured columns solid, predicted dashed.
    std::vector<ChartSpec> chart_specs() const;

private:
    SeriesColumn& add(std::string name, std::string unit, std::string chart, SeriesKind kind);
    SeriesColumn& last();
    std::vector<SeriesColumn> columns_;
    std::vector<ChartDecl> charts_;
    HeadlineMetrics headline_;
    StatusColumns status_;
};

}  // namespace archlab
