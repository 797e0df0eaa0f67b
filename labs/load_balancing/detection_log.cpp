#include "labs/load_balancing/detection_log.h"

#include <set>

namespace archlab::lblab {

void DetectionLog::silenced(const std::string& node, Nanos at) {
    std::lock_guard lock(mu_);
    silenced_[node].push_back(at);
}

DetectionResult DetectionLog::match(const std::vector<lb::MembershipChange>& changes) const {
    std::lock_guard lock(mu_);
    DetectionResult out;
    std::set<std::pair<std::string, std::size_t>> used;  // each silencing explains one removal at most
    for (const lb::MembershipChange& c : changes) {
        if (c.alive) continue;
        auto it = silenced_.find(c.node);
        std::optional<std::size_t> best;
        if (it != silenced_.end()) {
            for (std::size_t i = 0; i < it->second.size(); ++i) {
                if (it->second[i] <= c.at && !used.count({c.node, i})) best = i;
            }
        }
        if (best) {
            used.insert({c.node, *best});
            out.delays_ms.push_back(to_ms(c.at - it->second[*best]));
        } else {
            ++out.unprompted_removals;
        }
    }
    return out;
}

}  // namespace archlab::lblab
