#include "labs/caching/commit_log.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace archlab::caching {

CommitLog::CommitLog(std::uint32_t keys, std::function<Nanos()> clock, std::uint64_t initial, Nanos keep_for)
    : clock_(std::move(clock)), by_key_(keys), initial_(initial), keep_for_(keep_for) {}

std::uint64_t CommitLog::record(std::uint32_t key, const std::function<std::uint64_t()>& commit) {
    std::lock_guard lock(mu_);
    if (key >= by_key_.size()) throw std::out_of_range("commit log: key out of range");
    const std::uint64_t version = commit();
    const Nanos now = clock_();
    auto& list = by_key_[key];
    list.push_back({version, now});
    ++commits_;
    if (keep_for_ < now) {
        // Keep the newest commit at or before the horizon (it answers for any time after it)
        // and everything newer; drop the rest in one go once they are a quarter of the list.
        const Nanos horizon = now - keep_for_;
        auto first_needed = std::upper_bound(list.begin(), list.end(), horizon,
                                             [](Nanos v, const Commit& c) { return v < c.at; });
        if (first_needed != list.begin()) --first_needed;
        const auto stale = first_needed - list.begin();
        if (stale > 0 && stale * 4 >= static_cast<std::ptrdiff_t>(list.size())) list.erase(list.begin(), first_needed);
    }
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

std::size_t CommitLog::held() const {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (const auto& list : by_key_) n += list.size();
    return n;
}

std::uint64_t CommitLog::commits() const {
    std::lock_guard lock(mu_);
    return commits_;
}

}  // namespace archlab::caching
