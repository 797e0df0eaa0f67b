#include "core/metrics/series.h"

#include <algorithm>
#include <utility>

namespace archlab {

int SeriesSnapshot::column(const std::string& name) const {
    const auto it = std::find(columns.begin(), columns.end(), name);
    return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
}

SeriesStore::SeriesStore(std::vector<std::string> columns, std::size_t capacity_rows)
    : columns_(std::move(columns)), capacity_(std::max<std::size_t>(capacity_rows, 1)) {}

void SeriesStore::append(SeriesRow row) {
    std::lock_guard lock(mu_);
    rows_.push_back(std::move(row));
    while (rows_.size() > capacity_) {
        rows_.pop_front();
        ++dropped_;
    }
}

std::size_t SeriesStore::size() const {
    std::lock_guard lock(mu_);
    return rows_.size();
}

SeriesSnapshot SeriesStore::snapshot(std::size_t last_rows) const {
    SeriesSnapshot s;
    s.columns = columns_;
    std::lock_guard lock(mu_);
    const std::size_t n = (last_rows == 0) ? rows_.size() : std::min(last_rows, rows_.size());
    s.rows.assign(rows_.end() - static_cast<std::ptrdiff_t>(n), rows_.end());
    return s;
}

SeriesSnapshot SeriesStore::since(std::size_t from, std::size_t* next_from) const {
    SeriesSnapshot s;
    s.columns = columns_;
    std::lock_guard lock(mu_);
    const std::size_t total = dropped_ + rows_.size();  // rows ever appended
    const std::size_t start = std::clamp(from, dropped_, total);  // rows before dropped_ are gone
    s.rows.assign(rows_.begin() + static_cast<std::ptrdiff_t>(start - dropped_), rows_.end());
    if (next_from) *next_from = total;
    return s;
}

}  // namespace archlab
