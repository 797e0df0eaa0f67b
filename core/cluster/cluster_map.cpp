#include "core/cluster/cluster_map.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace archlab::cluster {

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void check_slot(std::uint32_t slot) {
    if (slot >= kSlots) throw std::out_of_range("slot " + std::to_string(slot) + " is not in 0..16383");
}

}  // namespace

std::string ClusterMap::node_id(std::string_view name, std::uint64_t seed) {
    std::uint64_t state = 0xCBF29CE484222325ull ^ seed;  // FNV-1a of the name, then splitmix64 words
    for (const char c : name) state = (state ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    while (id.size() < 40) {
        std::uint64_t word = splitmix64(state);
        for (int i = 0; i < 16 && id.size() < 40; ++i, word >>= 4) id.push_back(kHex[word & 0xF]);
    }
    return id;
}

std::size_t ClusterMap::add_shard(std::string name, std::uint16_t port, std::string id, std::uint64_t seed) {
    if (find(name)) throw std::invalid_argument("shard '" + name + "' is in the map already");
    ClusterShard shard;
    shard.id = id.empty() ? node_id(name, seed) : std::move(id);
    shard.name = std::move(name);
    shard.port = port;
    shard.config_epoch = current_epoch() + 1;
    shards_.push_back(std::move(shard));
    return shards_.size() - 1;
}

void ClusterMap::set_port(std::size_t shard, std::uint16_t port) {
    check_shard(shard);
    shards_[shard].port = port;
}

void ClusterMap::check_shard(std::size_t shard) const {
    if (shard >= shards_.size()) throw std::out_of_range("no shard with index " + std::to_string(shard));
}

void ClusterMap::assign(std::uint32_t first, std::uint32_t last, std::size_t shard) {
    check_slot(first);
    check_slot(last);
    check_shard(shard);
    for (std::uint32_t s = first; s <= last; ++s) owner_[s] = static_cast<int>(shard);
}

void ClusterMap::unassign(std::uint32_t first, std::uint32_t last) {
    check_slot(first);
    check_slot(last);
    for (std::uint32_t s = first; s <= last; ++s) {
        owner_[s] = -1;
        migrating_.erase(s);
    }
}

void ClusterMap::assign_evenly() {
    // redis-cli's clusterManagerCommandCreate: slots_per_node = 16384 / n as a double, each
    // range ending at lround(cursor + slots_per_node - 1), the last at 16383.
    const std::size_t n = shards_.size();
    if (n == 0) return;
    const double per_shard = static_cast<double>(kSlots) / static_cast<double>(n);
    double cursor = 0;
    std::uint32_t first = 0;
    for (std::size_t i = 0; i < n; ++i) {
        auto last = static_cast<std::uint32_t>(std::lround(cursor + per_shard - 1));
        if (last > kSlots - 1 || i == n - 1) last = kSlots - 1;
        assign(first, last, i);
        first = last + 1;
        cursor += per_shard;
    }
}

void ClusterMap::begin_migration(std::uint32_t slot, std::size_t to) {
    check_slot(slot);
    check_shard(to);
    const auto from = owner(slot);
    if (!from) throw std::logic_error("slot " + std::to_string(slot) + " has no owner to migrate from");
    if (*from == to) throw std::logic_error("slot " + std::to_string(slot) + " is served by that shard already");
    if (migrating_.count(slot) != 0) throw std::logic_error("slot " + std::to_string(slot) + " is migrating already");
    migrating_[slot] = SlotMigration{slot, *from, to};
}

void ClusterMap::finish_migration(std::uint32_t slot) {
    const auto it = migrating_.find(slot);
    if (it == migrating_.end()) throw std::logic_error("slot " + std::to_string(slot) + " is not migrating");
    const std::size_t to = it->second.to;
    migrating_.erase(it);
    owner_[slot] = static_cast<int>(to);
    shards_[to].config_epoch = current_epoch() + 1;  // as the importing node's epoch bump
}

void ClusterMap::cancel_migration(std::uint32_t slot) { migrating_.erase(slot); }

std::optional<std::size_t> ClusterMap::find(std::string_view name) const {
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        if (shards_[i].name == name) return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> ClusterMap::owner(std::uint32_t slot) const {
    if (slot >= kSlots || owner_[slot] < 0) return std::nullopt;
    return static_cast<std::size_t>(owner_[slot]);
}

const SlotMigration* ClusterMap::migration(std::uint32_t slot) const {
    const auto it = migrating_.find(slot);
    return it == migrating_.end() ? nullptr : &it->second;
}

std::vector<SlotMigration> ClusterMap::migrations() const {
    std::vector<SlotMigration> out;
    for (const auto& [slot, m] : migrating_) out.push_back(m);
    return out;
}

std::vector<SlotRange> ClusterMap::ranges() const {
    std::vector<SlotRange> out;
    for (std::uint32_t s = 0; s < kSlots; ++s) {
        if (owner_[s] < 0) continue;
        const auto shard = static_cast<std::size_t>(owner_[s]);
        if (!out.empty() && out.back().shard == shard && out.back().last + 1 == s) out.back().last = s;
        else out.push_back(SlotRange{s, s, shard});
    }
    return out;
}

std::uint32_t ClusterMap::slots_assigned() const {
    return static_cast<std::uint32_t>(std::count_if(owner_.begin(), owner_.end(), [](int o) { return o >= 0; }));
}

std::uint32_t ClusterMap::slot_count(std::size_t shard) const {
    return static_cast<std::uint32_t>(std::count(owner_.begin(), owner_.end(), static_cast<int>(shard)));
}

std::uint64_t ClusterMap::current_epoch() const {
    std::uint64_t epoch = 0;
    for (const auto& s : shards_) epoch = std::max(epoch, s.config_epoch);
    return epoch;
}

std::shared_ptr<const ClusterMap> SharedClusterMap::snapshot() const {
    std::lock_guard lock(mu_);
    return map_;
}

void SharedClusterMap::publish(ClusterMap map) {
    auto next = std::make_shared<const ClusterMap>(std::move(map));
    std::lock_guard lock(mu_);
    map_ = std::move(next);
}

}  // namespace archlab::cluster
