#include "views/series_window.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace archlab {

SeriesWindow::SeriesWindow(double span_s) : default_span_s_(span_s), span_s_(span_s) {}

std::size_t SeriesWindow::pull(const SeriesStore& store) {
    std::size_t next = next_from_;
    SeriesSnapshot fresh = store.since(next_from_, &next);
    next_from_ = next;
    if (columns_.empty()) columns_ = fresh.columns;
    if (fresh.rows.empty()) return 0;
    const std::size_t n = fresh.rows.size();
    for (SeriesRow& row : fresh.rows) rows_.push_back(std::move(row));
    const double oldest = rows_.back().t_s - span_s_;
    while (!rows_.empty() && rows_.front().t_s < oldest) rows_.pop_front();
    ++version_;
    return n;
}

void SeriesWindow::clear() {
    columns_.clear();
    rows_.clear();
    next_from_ = 0;
    span_s_ = default_span_s_;
    ++version_;
}

void SeriesWindow::loadAll(const SeriesStore& store) {
    clear();
    span_s_ = std::numeric_limits<double>::infinity();
    pull(store);
}

void SeriesWindow::loadAll(SeriesSnapshot snapshot) {
    clear();
    span_s_ = std::numeric_limits<double>::infinity();
    columns_ = std::move(snapshot.columns);
    next_from_ = snapshot.rows.size();
    rows_.assign(std::make_move_iterator(snapshot.rows.begin()), std::make_move_iterator(snapshot.rows.end()));
}

int SeriesWindow::column(const std::string& name) const {
    const auto it = std::find(columns_.begin(), columns_.end(), name);
    return it == columns_.end() ? -1 : static_cast<int>(it - columns_.begin());
}

std::optional<double> SeriesWindow::last(const std::string& name) const {
    const int c = column(name);
    if (c < 0) return std::nullopt;
    for (auto it = rows_.rbegin(); it != rows_.rend(); ++it) {
        const auto i = static_cast<std::size_t>(c);
        if (i < it->values.size() && std::isfinite(it->values[i])) return it->values[i];
    }
    return std::nullopt;
}

std::optional<double> SeriesWindow::newest(const std::string& name) const {
    const int c = column(name);
    if (c < 0 || rows_.empty()) return std::nullopt;
    const auto i = static_cast<std::size_t>(c);
    const SeriesRow& row = rows_.back();
    if (i < row.values.size() && std::isfinite(row.values[i])) return row.values[i];
    return std::nullopt;
}

}  // namespace archlab
