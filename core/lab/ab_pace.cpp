#include "core/lab/ab_pace.h"

#include <algorithm>
#include <stdexcept>

namespace archlab {

PaceGroup::PaceGroup(std::size_t members, Nanos lead) : lead_(lead), clocks_(members, Nanos(0)), left_(members, false) {
    if (members == 0) throw std::invalid_argument("PaceGroup: no members");
    if (lead.count() <= 0) throw std::invalid_argument("PaceGroup: the lead must be positive");
}

void PaceGroup::report(std::size_t member, Nanos vt) {
    {
        std::lock_guard lock(mu_);
        clocks_.at(member) = std::max(clocks_.at(member), vt);
        ++moves_;
    }
    moved_.notify_all();
}

Nanos PaceGroup::limit(std::size_t member) const {
    std::lock_guard lock(mu_);
    return limit_locked(member);
}

Nanos PaceGroup::limit_locked(std::size_t member) const {
    Nanos slowest = Nanos::max();
    for (std::size_t i = 0; i < clocks_.size(); ++i) {
        if (i != member && !left_[i]) slowest = std::min(slowest, clocks_[i]);
    }
    return slowest == Nanos::max() ? slowest : slowest + lead_;
}

void PaceGroup::leave(std::size_t member) {
    {
        std::lock_guard lock(mu_);
        left_.at(member) = true;
        ++moves_;
    }
    moved_.notify_all();
}

void PaceGroup::wait(std::size_t member, std::chrono::duration<double> max_wait) {
    std::unique_lock lock(mu_);
    const std::size_t seen = moves_;
    const Nanos was = limit_locked(member);
    moved_.wait_for(lock, max_wait, [&] { return moves_ != seen || limit_locked(member) != was; });
}

void PaceGroup::wake_all() {
    {
        std::lock_guard lock(mu_);
        ++moves_;
    }
    moved_.notify_all();
}

}  // namespace archlab
