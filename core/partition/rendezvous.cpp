// Rendezvous hashing, highest random weight (Thaler & Ravishankar): every shard scores the key,
// weight = splitmix64_mix(key_hash64(key) XOR key_hash64(shard id)), and the highest weight
// wins (equal weights: the earlier shard). A new shard wins about 1/(N+1) of the keys and
// only those move; removing a shard moves only its own keys, each to its runner-up.
// Cost: N scores per lookup.
#include "core/partition/key_hash.h"
#include "core/partition/partitioners.h"

namespace archlab::partition {
namespace {

class Rendezvous : public PartitionerBase {
public:
    std::size_t shard_index(std::string_view key) const override {
        require_shards();
        const std::uint64_t k = key_hash64(key);
        std::size_t best = 0;
        std::uint64_t best_weight = 0;
        for (std::size_t s = 0; s < shard_hashes_.size(); ++s) {
            const std::uint64_t w = splitmix64_mix(k ^ shard_hashes_[s]);
            if (s == 0 || w > best_weight) {
                best = s;
                best_weight = w;
            }
        }
        return best;
    }

protected:
    void on_added(std::size_t index) override { shard_hashes_.push_back(key_hash64(shards()[index])); }
    void on_removed(std::size_t index, const std::string&) override {
        shard_hashes_.erase(shard_hashes_.begin() + static_cast<std::ptrdiff_t>(index));
    }

private:
    std::vector<std::uint64_t> shard_hashes_;  ///< key_hash64 of each shard id, as shards()
};

}  // namespace

std::unique_ptr<Partitioner> make_rendezvous() { return std::make_unique<Rendezvous>(); }

}  // namespace archlab::partition
