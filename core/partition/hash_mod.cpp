// Hash modulo N: shard = key_hash64(key) mod N. Even and stateless, but N changing remaps
// almost every key: going from N to N+1 shards keeps a key only when both residues agree,
// about 1/(N+1) of them, so about N/(N+1) move (4 -> 5 shards: 80 %).
#include "core/partition/key_hash.h"
#include "core/partition/partitioners.h"

namespace archlab::partition {
namespace {

class HashMod : public PartitionerBase {
public:
    std::size_t shard_index(std::string_view key) const override {
        require_shards();
        return static_cast<std::size_t>(key_hash64(key) % shards().size());
    }

protected:
    void on_added(std::size_t) override {}
    void on_removed(std::size_t, const std::string&) override {}
};

}  // namespace

std::unique_ptr<Partitioner> make_hash_mod() { return std::make_unique<HashMod>(); }

}  // namespace archlab::partition
