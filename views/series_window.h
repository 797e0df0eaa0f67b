#pragma once
// The window's own bounded copy of a run's series: pulled from a SeriesStore with since(),
// trimmed to the last few minutes, read by the charts and the status bar on the GUI thread.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/series.h"

namespace archlab {

class SeriesWindow {
public:
    /// span_s: how much run time the window keeps, seconds.
    explicit SeriesWindow(double span_s = 120.0);

    /// Copies the rows the store gained since the last pull; returns how many arrived.
    std::size_t pull(const SeriesStore& store);
    /// Forgets every row and the store position (a new run, or reset); the span is the constructor's again.
    void clear();
    /// Holds a whole finished run, untrimmed, until clear(): every row the store still has.
    void loadAll(const SeriesStore& store);
    /// Holds a whole stored run, untrimmed, until clear().
    void loadAll(SeriesSnapshot snapshot);

    const std::vector<std::string>& columns() const { return columns_; }
    /// Index of a column, -1 when the run has no such column.
    int column(const std::string& name) const;
    const std::deque<SeriesRow>& rows() const { return rows_; }
    /// Rows pulled since the last clear(), including those trimmed off the front.
    std::size_t total_rows() const { return next_from_; }
    /// Bumped on every change, so a view can skip redrawing when nothing arrived.
    std::size_t version() const { return version_; }
    double span_s() const { return span_s_; }

    /// The newest row's value of the column; nothing when that row has none (no answer in
    /// the last sample: a stale figure would mislead).
    std::optional<double> newest(const std::string& name) const;
    /// The newest finite value of a column, nothing when absent or never finite.
    std::optional<double> last(const std::string& name) const;
    /// Run time of the newest row, 0 when empty.
    double last_t_s() const { return rows_.empty() ? 0.0 : rows_.back().t_s; }

private:
    double default_span_s_;               ///< span_s_ after clear(), seconds
    double span_s_;                       ///< kept run time, seconds (infinite while a whole run is held)
    std::vector<std::string> columns_;    ///< column names of the current run
    std::deque<SeriesRow> rows_;          ///< oldest first, at most span_s_ of run time
    std::size_t next_from_ = 0;           ///< store row number to ask since() for next
    std::size_t version_ = 0;             ///< change counter
};

}  // namespace archlab
