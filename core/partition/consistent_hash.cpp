// Consistent hashing (Karger et al.): each shard owns `virtual_nodes` points on a 64-bit ring,
// at key_hash64("ID#v") for v = 0..virtual_nodes-1, and a key belongs to the first point at or
// after key_hash64(key), wrapping past the top. A new shard takes only the arcs just before
// its own points, so going from N to N+1 shards moves about 1/(N+1) of the keys, all to the
// newcomer; more virtual nodes make the shares (and that fraction) closer to even.
#include <algorithm>
#include <utility>

#include "core/lab/settings.h"
#include "core/partition/key_hash.h"
#include "core/partition/partitioners.h"

namespace archlab::partition {
namespace {

class ConsistentHash : public PartitionerBase {
public:
    explicit ConsistentHash(int virtual_nodes) : virtual_nodes_(virtual_nodes) {}

    std::size_t shard_index(std::string_view key) const override {
        require_shards();
        const std::uint64_t h = key_hash64(key);
        auto it = std::lower_bound(points_.begin(), points_.end(), std::make_pair(h, std::size_t{0}));
        if (it == points_.end()) it = points_.begin();  // past the last point: wrap around
        return it->second;
    }

protected:
    void on_added(std::size_t) override { rebuild(); }
    void on_removed(std::size_t, const std::string&) override { rebuild(); }

private:
    /// Every shard's points, sorted (cheap next to a lookup's cost over many keys).
    void rebuild() {
        points_.clear();
        points_.reserve(shards().size() * static_cast<std::size_t>(virtual_nodes_));
        for (std::size_t s = 0; s < shards().size(); ++s) {
            for (int v = 0; v < virtual_nodes_; ++v) {
                points_.emplace_back(key_hash64(shards()[s] + "#" + std::to_string(v)), s);
            }
        }
        std::sort(points_.begin(), points_.end());
    }

    int virtual_nodes_;                                          ///< points per shard
    std::vector<std::pair<std::uint64_t, std::size_t>> points_;  ///< (hash, shard index), sorted
};

}  // namespace

std::unique_ptr<Partitioner> make_consistent_hash(int virtual_nodes) {
    if (virtual_nodes < 1) {
        throw InputError("virtual nodes per shard must be at least 1, not " + std::to_string(virtual_nodes));
    }
    return std::make_unique<ConsistentHash>(virtual_nodes);
}

}  // namespace archlab::partition
