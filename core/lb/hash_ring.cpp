#include "core/lb/hash_ring.h"

#include <algorithm>

#include "core/partition/key_hash.h"

namespace archlab::lb {

// The one key hash of the core (64-bit FNV-1a, then splitmix64's finaliser: FNV alone leaves
// "node-1#1" and "node-1#2" close together), shared with the partitioners.
std::uint64_t stable_hash(std::string_view bytes) { return partition::key_hash64(bytes); }

void HashRing::assign(const std::vector<std::string>& nodes) {
    nodes_ = nodes;
    points_.clear();
    points_.reserve(nodes_.size() * static_cast<std::size_t>(virtual_nodes_));
    for (std::size_t n = 0; n < nodes_.size(); ++n) {
        for (int v = 0; v < virtual_nodes_; ++v) {
            points_.emplace_back(stable_hash(nodes_[n] + "#" + std::to_string(v)), n);
        }
    }
    std::sort(points_.begin(), points_.end());
}

const std::string& HashRing::owner(std::string_view key) const {
    static const std::string kNone;
    const std::size_t i = owner_index(key);
    return i < nodes_.size() ? nodes_[i] : kNone;
}

std::size_t HashRing::owner_index(std::string_view key) const {
    if (points_.empty()) return nodes_.size();
    const std::uint64_t h = stable_hash(key);
    auto it = std::lower_bound(points_.begin(), points_.end(), std::make_pair(h, std::size_t{0}));
    if (it == points_.end()) it = points_.begin();  // past the last point: wrap around
    return it->second;
}

}  // namespace archlab::lb
