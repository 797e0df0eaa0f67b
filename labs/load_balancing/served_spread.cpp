#include "labs/load_balancing/served_spread.h"

#include <algorithm>

namespace archlab::lblab {

ServedSpread::ServedSpread(const std::vector<Counter>& served, std::vector<NodeIndex> nodes, const Runtime& runtime,
                           Nanos window)
    : served_(served), nodes_(std::move(nodes)), runtime_(runtime), window_(window) {}

void ServedSpread::refresh() {
    Reading now{runtime_.now(), {}};
    now.served.reserve(served_.size());
    for (const Counter& c : served_) now.served.push_back(c.value());
    // Keep the newest reading at least `window` old as the base; drop the ones before it.
    while (readings_.size() >= 2 && now.at - readings_[1].at >= window_) readings_.pop_front();
    const std::vector<std::uint64_t>* base = readings_.empty() ? nullptr : &readings_.front().served;

    shares_.clear();
    double total = 0.0;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        if (runtime_.state(nodes_[i]) == NodeState::Down) continue;  // a dead node has no share
        const double d = static_cast<double>(now.served[i] - (base ? (*base)[i] : 0));
        shares_.push_back(d);
        total += d;
    }
    fair_ = shares_.empty() ? kNaN : 1.0 / static_cast<double>(shares_.size());
    if (total <= 0.0) {
        min_ = median_ = max_ = kNaN;
    } else {
        for (double& s : shares_) s /= total;
        const auto mid = shares_.begin() + static_cast<std::ptrdiff_t>(shares_.size() / 2);
        std::nth_element(shares_.begin(), mid, shares_.end());
        median_ = *mid;
        min_ = *std::min_element(shares_.begin(), shares_.end());
        max_ = *std::max_element(shares_.begin(), shares_.end());
    }
    readings_.push_back(std::move(now));
}

}  // namespace archlab::lblab
