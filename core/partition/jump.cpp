// Jump consistent hash as a partitioner: the bucket of key_hash64(key) among N buckets, bucket
// i being the i-th shard added. Growing from N to N+1 moves about 1/(N+1) of the keys, all to
// the new last bucket, with no table at all. It only numbers buckets, so it can only shrink
// at the end: removing the last shard moves just its keys; removing any other renumbers the
// shards after it, and their keys move too (the price of keeping no state).
#include "core/partition/jump_hash.h"

#include "core/partition/key_hash.h"
#include "core/partition/partitioners.h"

namespace archlab::partition {

std::int32_t jump_consistent_hash(std::uint64_t key, std::int32_t buckets) {
    std::int64_t b = -1;
    std::int64_t j = 0;
    while (j < buckets) {
        b = j;
        key = key * 2862933555777941757ULL + 1;  // the paper's 64-bit linear congruential step
        // The paper: j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1)), in double.
        j = static_cast<std::int64_t>(static_cast<double>(b + 1) *
                                      (static_cast<double>(1LL << 31) / static_cast<double>((key >> 33) + 1)));
    }
    return b < 0 ? 0 : static_cast<std::int32_t>(b);
}

namespace {

class Jump : public PartitionerBase {
public:
    std::size_t shard_index(std::string_view key) const override {
        require_shards();
        return static_cast<std::size_t>(
            jump_consistent_hash(key_hash64(key), static_cast<std::int32_t>(shards().size())));
    }

protected:
    void on_added(std::size_t) override {}
    void on_removed(std::size_t, const std::string&) override {}
};

}  // namespace

std::unique_ptr<Partitioner> make_jump() { return std::make_unique<Jump>(); }

}  // namespace archlab::partition
