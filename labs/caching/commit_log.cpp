#include "labs/caching/commit_log.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace archlab::caching {

CommitLog::CommitLog(std::uint32_t keys, std::function<Nanos()> clock, std::uint64_t initial)
    : clock_(std::move(clock)), by_key_(keys), initial_(initial) {}

std::uint64_t CommitLog::record(std::uint32_t key, const std::function<std::uint64_t()>& commit) {
    std::lock_guard lock(mu_);
    if (key >= by_key_.size()) throw std::out_of_range("commit log: key out of range");
    const std::uint64_t version = commit();
    by_key_[key].push_back({version, clock_()});
    ++commits_;
    return version;
}

std::uint64_t CommitLog::committed_at(std::uint32_t key, Nanos t) const {
    std::lock_guard lock(mu_);
    if (key >= by_key_.size()) return 0;
    const auto& list = by_key_[key];
    // Stamps grow with commit order (taken under the lock), so a binary search finds the newest.
    auto it = std::upper_bound(list.begin(), list.end(), t, [](Nanos v, const Commit& c) { return v < c.at; });
    if (it == list.begin()) return initial_;
    return std::prev(it)->version;
}

std::uint64_t CommitLog::commits() const {
    std::lock_guard lock(mu_);
    return commits_;
}

}  // namespace archlab::caching
