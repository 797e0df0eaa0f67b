#include "labs/partitioning/shard_map.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/lab/settings.h"
#include "core/partition/hash_slot.h"
#include "core/partition/partitioner_registry.h"
#include "core/partition/range.h"

namespace archlab::partlab {

std::string MapOp::describe() const {
    switch (kind) {
        case Kind::Add: return "add-shard " + shard;
        case Kind::Remove: return "remove-shard " + shard;
        case Kind::Split: return "split " + shard + " at " + split_key + " -> " + new_shard;
        case Kind::MoveSlots:
            return "move-slots " + std::to_string(slot_first) + "-" + std::to_string(slot_last) + " -> " + shard;
        case Kind::LayoutSlots: return "slots laid out evenly";
    }
    return "?";
}

MapVersion::MapVersion(std::uint64_t epoch, const std::string& strategy, int vnodes, std::vector<MapOp> ops)
    : epoch_(epoch), strategy_(strategy), ops_(std::move(ops)) {
    p_ = partition::builtin_partitioners().create(strategy, {.virtual_nodes = vnodes});
    for (const MapOp& op : ops_) {
        switch (op.kind) {
            case MapOp::Kind::Add: p_->add_shard(op.shard); break;
            case MapOp::Kind::Remove: p_->remove_shard(op.shard); break;
            case MapOp::Kind::Split: {
                auto* range = dynamic_cast<partition::RangePartitioner*>(p_.get());
                if (!range) throw InputError("split: only the range strategy splits a shard (this map is " + strategy + ")");
                range->split_at(op.shard, op.split_key, op.new_shard);
                break;
            }
            case MapOp::Kind::MoveSlots:
            case MapOp::Kind::LayoutSlots: {
                auto* slots = dynamic_cast<partition::HashSlotPartitioner*>(p_.get());
                if (!slots) throw InputError("move-slots: only the hash-slot strategy has slots (this map is " + strategy + ")");
                if (op.kind == MapOp::Kind::LayoutSlots) slots->assign_evenly();
                else slots->move_slots(op.slot_first, op.slot_last, op.shard);
                break;
            }
        }
    }
}

bool MapVersion::has(const std::string& shard) const {
    const auto& s = shards();
    return std::find(s.begin(), s.end(), shard) != s.end();
}

std::vector<std::string> MapVersion::shards_for_range(const std::string& lo, const std::string& hi) const {
    const auto* range = dynamic_cast<const partition::RangePartitioner*>(p_.get());
    if (!range) return shards();
    std::vector<std::string> out{owner(lo)};
    for (const auto& r : range->ranges()) {
        if (r.lower > lo && r.lower < hi) {
            const std::string& id = shards()[r.shard];
            if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
        }
    }
    return out;
}

std::size_t MapVersion::slot_count(const std::string& shard) const {
    const auto* slots = dynamic_cast<const partition::HashSlotPartitioner*>(p_.get());
    return slots ? slots->slot_count(shard) : 0;
}

std::pair<std::uint32_t, std::uint32_t> MapVersion::top_slots(const std::string& shard, std::uint32_t count) const {
    const auto* slots = dynamic_cast<const partition::HashSlotPartitioner*>(p_.get());
    const auto& s = shards();
    const auto it = std::find(s.begin(), s.end(), shard);
    if (!slots || it == s.end() || count == 0) return {1, 0};
    const std::size_t idx = static_cast<std::size_t>(it - s.begin());
    std::uint32_t last = partition::kHashSlots;
    while (last > 0 && slots->slot_owner(last - 1) != idx) --last;
    if (last == 0) return {1, 0};
    std::uint32_t first = last - 1;  // the highest slot it serves; run downward while contiguous
    while (first > 0 && slots->slot_owner(first - 1) == idx && last - first < count) --first;
    return {first, last - 1};
}

MapBook::MapBook(std::string strategy, int vnodes, std::vector<MapOp> initial)
    : strategy_(std::move(strategy)), vnodes_(vnodes) {
    versions_.push_back(std::make_shared<const MapVersion>(1, strategy_, vnodes_, std::move(initial)));
}

MapPtr MapBook::version(std::uint64_t epoch) const {
    std::lock_guard lock(mu_);
    return epoch >= 1 && epoch <= versions_.size() ? versions_[epoch - 1] : nullptr;
}

MapPtr MapBook::committed() const {
    std::lock_guard lock(mu_);
    return versions_[committed_ - 1];
}

std::uint64_t MapBook::committed_epoch() const {
    std::lock_guard lock(mu_);
    return committed_;
}

std::uint64_t MapBook::target_epoch() const {
    std::lock_guard lock(mu_);
    return target_;
}

MapPtr MapBook::begin(const MapOp& op) {
    MapPtr next;
    {
        std::lock_guard lock(mu_);
        if (target_ != 0) throw std::logic_error("a migration is already running");
        std::vector<MapOp> ops = versions_[committed_ - 1]->ops();
        ops.push_back(op);
        next = std::make_shared<const MapVersion>(versions_.size() + 1, strategy_, vnodes_, std::move(ops));
        if (next->shards().empty()) throw InputError(op.describe() + ": the map would have no shard left");
        versions_.push_back(next);
        target_ = next->epoch();
    }
    changed();
    return next;
}

void MapBook::commit() {
    {
        std::lock_guard lock(mu_);
        if (target_ == 0) return;
        committed_ = target_;
        target_ = 0;
    }
    changed();
}

std::pair<MapPtr, MapPtr> MapBook::current() const {
    std::lock_guard lock(mu_);
    return {versions_[committed_ - 1], target_ ? versions_[target_ - 1] : nullptr};
}

void MapBook::set_on_change(std::function<void()> fn) {
    std::lock_guard lock(listen_mu_);
    on_change_ = std::move(fn);
}

void MapBook::changed() {
    std::lock_guard lock(listen_mu_);
    if (on_change_) on_change_();
}

void MapBook::push_request(RebalanceRequest r) {
    std::lock_guard lock(mu_);
    waiting_.push_back(std::move(r));
}

bool MapBook::pop_request(RebalanceRequest& out) {
    std::lock_guard lock(mu_);
    if (waiting_.empty()) return false;
    out = std::move(waiting_.front());
    waiting_.pop_front();
    return true;
}

double expected_moved_fraction(const MapVersion& from, const MapVersion& to, const MapOp& op,
                               const std::vector<std::pair<std::string, std::uint64_t>>& keys_before) {
    double total = 0.0;
    const auto keys_of = [&](const std::string& shard) {
        for (const auto& [id, n] : keys_before) {
            if (id == shard) return double(n);
        }
        return 0.0;
    };
    for (const auto& [id, n] : keys_before) total += double(n);
    if (total <= 0.0) return std::numeric_limits<double>::quiet_NaN();
    const double n = double(from.shards().size());
    const std::string& s = from.strategy();
    if (s == "hash-slot") {
        // Exactly the slots that change hands (keys spread evenly over slots).
        std::uint32_t changed = 0;
        const auto& pf = dynamic_cast<const partition::HashSlotPartitioner&>(from.partitioner());
        const auto& pt = dynamic_cast<const partition::HashSlotPartitioner&>(to.partitioner());
        for (std::uint32_t slot = 0; slot < partition::kHashSlots; ++slot) {
            changed += from.shards()[pf.slot_owner(slot)] != to.shards()[pt.slot_owner(slot)];
        }
        return double(changed) / double(partition::kHashSlots);
    }
    switch (op.kind) {
        case MapOp::Kind::Add:
            if (s == "hash-mod") return n / (n + 1.0);
            if (s == "range") return keys_of(op.shard) / 2.0 / total;  // not used: range adds by splitting
            return 1.0 / (n + 1.0);
        case MapOp::Kind::Split: return keys_of(op.shard) / 2.0 / total;
        case MapOp::Kind::Remove: {
            if (s == "hash-mod") return (n - 1.0) / n;
            if (s == "jump") {
                const auto& sh = from.shards();
                const double i = double(std::find(sh.begin(), sh.end(), op.shard) - sh.begin());
                return (n - i) / n;
            }
            return keys_of(op.shard) / total;
        }
        default: return std::numeric_limits<double>::quiet_NaN();
    }
}

}  // namespace archlab::partlab
