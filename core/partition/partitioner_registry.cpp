#include "core/partition/partitioner_registry.h"

#include <stdexcept>

#include "core/lab/settings.h"
#include "core/partition/partitioners.h"

namespace archlab::partition {

void PartitionerRegistry::add(std::string name, std::string summary, PartitionerFactory make) {
    if (name.empty() || !make) throw std::logic_error("partitioner needs a name and a factory");
    if (find(name) != nullptr) throw std::logic_error("partitioner '" + name + "' registered twice");
    partitioners_.push_back(PartitionerInfo{std::move(name), std::move(summary), std::move(make)});
}

const PartitionerInfo* PartitionerRegistry::find(std::string_view name) const {
    for (const PartitionerInfo& info : partitioners_) {
        if (info.name == name) return &info;
    }
    return nullptr;
}

std::vector<std::string> PartitionerRegistry::names() const {
    std::vector<std::string> out;
    out.reserve(partitioners_.size());
    for (const PartitionerInfo& info : partitioners_) out.push_back(info.name);
    return out;
}

std::unique_ptr<Partitioner> PartitionerRegistry::create(std::string_view name,
                                                         const PartitionerOptions& options) const {
    const PartitionerInfo* info = find(name);
    if (info == nullptr) {
        std::string known;
        for (const PartitionerInfo& p : partitioners_) known += (known.empty() ? "" : ", ") + p.name;
        throw InputError("unknown partitioner '" + std::string(name) + "' (known: " + known + ")");
    }
    return info->make(options);
}

void register_builtin_partitioners(PartitionerRegistry& registry) {
    registry.add("range", "sorted split points over the key space; a full shard splits at its median key",
                 [](const PartitionerOptions&) { return make_range(); });
    registry.add("hash-mod", "key hash modulo the shard count (adding a shard moves most keys)",
                 [](const PartitionerOptions&) { return make_hash_mod(); });
    registry.add("consistent-hash", "a hash ring with virtual nodes per shard",
                 [](const PartitionerOptions& o) { return make_consistent_hash(o.virtual_nodes); });
    registry.add("rendezvous", "highest random weight: each key picks the shard scoring highest for it",
                 [](const PartitionerOptions&) { return make_rendezvous(); });
    registry.add("jump", "Lamping & Veach jump consistent hash over the key hash",
                 [](const PartitionerOptions&) { return make_jump(); });
    registry.add("hash-slot", "Redis Cluster: CRC16 of the key (or its {hash tag}) modulo 16384, slots assigned to shards",
                 [](const PartitionerOptions&) { return make_hash_slot(); });
}

const PartitionerRegistry& builtin_partitioners() {
    static const PartitionerRegistry registry = [] {
        PartitionerRegistry r;
        register_builtin_partitioners(r);
        return r;
    }();
    return registry;
}

}  // namespace archlab::partition
