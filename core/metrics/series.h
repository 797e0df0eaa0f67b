#pragma once
// Time series made by the sampler: one row of values per tick, every column named.
// The store is bounded (oldest rows dropped past capacity) and hands out snapshots,
// never references into itself, so the GUI thread reads while the sampler writes.
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace archlab {

/// One sampler tick: time since run start (seconds) and a value per column (NaN = no value).
struct SeriesRow {
    double t_s = 0.0;
    std::vector<double> values;
};

/// A copy of the series at one moment.
struct SeriesSnapshot {
    std::vector<std::string> columns;
    std::vector<SeriesRow> rows;
    /// Index of a column by name, -1 when absent.
    int column(const std::string& name) const;
};

class SeriesStore {
public:
    SeriesStore(std::vector<std::string> columns, std::size_t capacity_rows = 36000);
    const std::vector<std::string>& columns() const { return columns_; }
    void append(SeriesRow row);
    std::size_t size() const;
    /// All rows, or only the last `last_rows` when that is nonzero.
    SeriesSnapshot snapshot(std::size_t last_rows = 0) const;
    /// Rows appended since row number `from` (counting from the first row ever appended).
    SeriesSnapshot since(std::size_t from, std::size_t* next_from) const;

private:
    std::vector<std::string> columns_;
    std::size_t capacity_;
    mutable std::mutex mu_;
    std::deque<SeriesRow> rows_;
    std::size_t dropped_ = 0;  ///< rows dropped off the front so far
};

}  // namespace archlab
