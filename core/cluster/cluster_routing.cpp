#include "core/cluster/cluster_routing.h"

#include "core/partition/hash_slot.h"

namespace archlab::cluster {

std::vector<std::size_t> key_positions(std::size_t arg_count, KeySpec spec) {
    std::vector<std::size_t> out;
    if (spec.first <= 0 || spec.step <= 0) return out;
    const long long n = static_cast<long long>(arg_count);
    const long long last = spec.last < 0 ? n + spec.last : spec.last;
    for (long long i = spec.first; i <= last && i < n; i += spec.step) out.push_back(static_cast<std::size_t>(i));
    return out;
}

std::string Route::error(const ClusterMap& map) const {
    const auto where = [&] {
        const ClusterShard& s = map.shards().at(shard);
        return std::to_string(slot) + " " + s.ip + ":" + std::to_string(s.port);
    };
    switch (kind) {
    case Kind::execute: return {};
    case Kind::moved: return "MOVED " + where();
    case Kind::ask: return "ASK " + where();
    case Kind::try_again: return "TRYAGAIN Multiple keys request during rehashing of slot";
    case Kind::cross_slot: return "CROSSSLOT Keys in request don't hash to the same slot";
    case Kind::slot_unserved: return "CLUSTERDOWN Hash slot not served";
    case Kind::cluster_down: return "CLUSTERDOWN The cluster is down";
    }
    return {};
}

Route route_command(const std::vector<std::string>& args, KeySpec spec, const ClusterMap& map, std::size_t self,
                    bool asking, const KeyHere& key_here) {
    Route route;
    const std::string* first_key = nullptr;
    std::size_t owner = 0;
    bool migrating = false, importing = false, multiple_keys = false;
    std::size_t missing = 0, existing = 0;
    for (const std::size_t i : key_positions(args.size(), spec)) {
        const std::string& key = args[i];
        const std::uint32_t slot = partition::hash_slot(key);
        if (first_key == nullptr) {
            first_key = &key;
            route.slot = slot;
            const auto served_by = map.owner(slot);
            if (!served_by) {
                route.kind = Route::Kind::slot_unserved;
                return route;
            }
            owner = *served_by;
            const SlotMigration* m = map.migration(slot);
            if (m != nullptr && owner == self && m->from == self) migrating = true;
            else if (m != nullptr && m->to == self) importing = true;
        } else if (key != *first_key) {
            if (slot != route.slot) {
                route.kind = Route::Kind::cross_slot;
                return route;
            }
            multiple_keys = true;
        }
        if (migrating || importing) (key_here(key) ? existing : missing) += 1;
    }
    if (first_key == nullptr) return route;  // no keys: served anywhere
    if (!map.full_coverage()) {
        route.kind = Route::Kind::cluster_down;
        return route;
    }
    if (migrating && missing > 0) {
        if (existing > 0) {
            route.kind = Route::Kind::try_again;
        } else {
            route.kind = Route::Kind::ask;
            route.shard = map.migration(route.slot)->to;
        }
        return route;
    }
    if (importing && asking) {
        if (multiple_keys && missing > 0) route.kind = Route::Kind::try_again;
        return route;
    }
    if (owner != self) {
        route.kind = Route::Kind::moved;
        route.shard = owner;
    }
    return route;
}

}  // namespace archlab::cluster
