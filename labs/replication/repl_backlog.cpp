#include "labs/replication/repl_backlog.h"

namespace archlab::replication {

void ReplBacklog::push(const LogEntry& e) {
    entries_.push_back(e);
    if (entries_.size() > capacity_) {
        base_ = entries_.front();
        entries_.pop_front();
    }
}

std::vector<LogEntry> ReplBacklog::slice(std::uint64_t first, std::size_t count) const {
    const auto from = entries_.begin() + static_cast<std::ptrdiff_t>(first - base_.pos - 1);
    return {from, from + static_cast<std::ptrdiff_t>(count)};
}

void ReplBacklog::reset_to(const LogEntry& base) {
    entries_.clear();
    entries_.shrink_to_fit();
    base_ = base;
}

}  // namespace archlab::replication
