#include "core/partition/range.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/lab/settings.h"
#include "core/partition/partitioners.h"

namespace archlab::partition {
namespace {

/// The first 8 bytes of a key as a big-endian number (shorter keys padded with zero bytes).
std::uint64_t prefix64(std::string_view key) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        v = (v << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0U);
    }
    return v;
}

/// The shortest key whose prefix64 is v (trailing zero bytes dropped).
std::string key_of_prefix(std::uint64_t v) {
    std::string key(8, '\0');
    for (std::size_t i = 0; i < 8; ++i) key[i] = static_cast<char>((v >> (56 - 8 * i)) & 0xFFU);
    while (!key.empty() && key.back() == '\0') key.pop_back();
    return key;
}

}  // namespace

std::size_t RangePartitioner::range_of(std::string_view key) const {
    // The last range whose lower bound is <= key (ranges_[0].lower is "", so one always is).
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), key,
                               [](std::string_view k, const Range& r) { return k < r.lower; });
    return static_cast<std::size_t>(it - ranges_.begin()) - 1;
}

std::size_t RangePartitioner::shard_index(std::string_view key) const {
    require_shards();
    return ranges_[range_of(key)].shard;
}

std::string RangePartitioner::split_at_median(std::string_view shard_id, std::vector<std::string> keys,
                                              const std::string& new_shard) {
    const std::size_t shard = index_of(shard_id);
    if (shard == shards().size()) throw InputError("no shard '" + std::string(shard_id) + "' to split");
    std::erase_if(keys, [&](const std::string& k) { return ranges_[range_of(k)].shard != shard; });
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (keys.size() < 2) {
        throw InputError("shard '" + std::string(shard_id) + "' holds " + std::to_string(keys.size()) +
                         " distinct key(s) among those given: too few to split");
    }
    std::string median = keys[keys.size() / 2];  // > keys[0] >= the range's lower bound
    split_at(shard_id, median, new_shard);
    return median;
}

void RangePartitioner::split_at(std::string_view shard_id, const std::string& split_key, const std::string& new_shard) {
    const std::size_t shard = index_of(shard_id);
    if (shard == shards().size()) throw InputError("no shard '" + std::string(shard_id) + "' to split");
    const std::size_t r = range_of(split_key);
    if (ranges_[r].shard != shard || split_key <= ranges_[r].lower) {
        throw InputError("split key '" + split_key + "' is not inside the range of shard '" + std::string(shard_id) +
                         "' above its lower bound");
    }
    pending_lower_ = split_key;
    try {
        add_shard(new_shard);  // on_added() places the new range at pending_lower_
    } catch (...) {
        pending_lower_.clear();
        throw;
    }
}

void RangePartitioner::on_added(std::size_t index) {
    if (ranges_.empty()) {
        ranges_.push_back(Range{"", index});
        return;
    }
    std::string lower = std::move(pending_lower_);
    pending_lower_.clear();
    if (lower.empty()) {
        // Halve the widest range, its width read on the first 8 bytes of its bounds.
        std::uint64_t widest = 0;
        std::uint64_t cut = 0;
        for (std::size_t r = 0; r < ranges_.size(); ++r) {
            const std::uint64_t lo = prefix64(ranges_[r].lower);
            const std::uint64_t hi = r + 1 < ranges_.size() ? prefix64(ranges_[r + 1].lower)
                                                            : std::numeric_limits<std::uint64_t>::max();
            if (hi - lo > widest) {
                widest = hi - lo;
                cut = lo + (hi - lo) / 2 + ((hi - lo) % 2);  // the upper half starts here
            }
        }
        if (widest < 2) throw InputError("no range is wide enough to split for another shard");
        lower = key_of_prefix(cut);
    }
    const auto at = std::upper_bound(ranges_.begin(), ranges_.end(), lower,
                                     [](const std::string& k, const Range& r) { return k < r.lower; });
    ranges_.insert(at, Range{std::move(lower), index});
}

void RangePartitioner::on_removed(std::size_t index, const std::string&) {
    const auto it = std::find_if(ranges_.begin(), ranges_.end(), [&](const Range& r) { return r.shard == index; });
    const bool first = it == ranges_.begin();
    const auto next = ranges_.erase(it);
    if (first && next != ranges_.end()) next->lower.clear();  // the range above now starts at ""
    for (Range& r : ranges_) {
        if (r.shard > index) --r.shard;
    }
}

std::unique_ptr<Partitioner> make_range() { return std::make_unique<RangePartitioner>(); }

}  // namespace archlab::partition
