#include "labs/partitioning/part_lab.h"

#include "core/partition/partitioner_registry.h"
#include "labs/partitioning/layout_knobs.h"
#include "labs/partitioning/part_run.h"
#include "labs/partitioning/vertical_config.h"
#include "labs/partitioning/vertical_run.h"

namespace archlab::partlab {

namespace {
using knobs::choice;
using knobs::num;

/// layout=vertical: weights of the four request types, checked here; any other layout refuses it off its default.
KnobSpec request_mix() {
    KnobSpec k;
    k.name = "mix";
    k.type = KnobType::Text;
    k.def = std::string("40,30,20,10");
    k.format = "weights of get-user,get-product,place-order,order-history: 40,30,20,10";
    k.help = "layout=vertical: the request mix. get-user and get-product need one service; place-order needs users, "
             "catalog and orders; order-history orders and catalog";
    k.validate = [](const std::string& text) { parse_vertical_mix(text); };
    return k;
}
}  // namespace

PartitioningLab::PartitioningLab() {
    info_.id = "partitioning";
    info_.title = "Partitioning and rebalancing";
    info_.summary = "Keys split over shards by range or by hash (modulo, consistent, rendezvous, jump, Redis slots), "
                    "each shard with its own SQLite database; shards added, removed and split while traffic runs. "
                    "Or split by domain (layout=vertical): users, orders and catalog services calling one another.";
    info_.explain = partitioning_explain();
    const auto I = KnobType::Int;
    const auto D = KnobType::Double;
    info_.knobs = {
        choice("layout", {"horizontal", "vertical"}, "horizontal",
               "horizontal: keys split over shards by the strategy. vertical: the data split by domain into the "
               "services users, orders and catalog, each with its own database (the shard knobs do not apply)"),
        choice("strategy", partition::builtin_partitioners().names(), "consistent-hash",
               "How a key finds its shard: sorted ranges, hash modulo N, a ring of virtual nodes, highest random "
               "weight, jump hash, or Redis Cluster's 16384 slots"),
        knobs::max_live(num("shards", I, 4, 1, 64, "", "Shards in the map at the start"), 16),
        knobs::max_live(num("spare_shards", I, 2, 0, 32, "", "Idle shard nodes that add-shard and split bring in"), 8),
        num("vnodes", I, 160, 1, 5000, "", "consistent-hash: points per shard on the ring (more: a more even share)"),
        num("keys", I, 2000, 10, 500000, "", "Keys in the shards' databases when the run starts (vertical: half of them users, half products)"),
        choice("key_dist", {"uniform", "zipf", "sequential"}, "uniform",
               "Which keys operations touch: any alike, a few hot ones, or (writes) always a new key larger than "
               "every key before, like time-ordered ids"),
        num("zipf_s", D, 1.0, 0, 3, "", "zipf: skew (0 = uniform)"),
        num("read_ratio", D, 0.7, 0, 1, "", "Share of single-key operations that read; the rest write"),
        num("range_ratio", D, 0.05, 0, 1, "", "Share of operations that are range scans"),
        num("range_len", I, 50, 1, 100000, "keys", "Consecutive keys one range scan covers"),
        num("arrival_rps", D, 400, 1, 50000, "ops/s", "Operations per second (Poisson arrivals, open loop)", true),
        num("migrate_rate", D, 2000, 1, 1000000, "keys/s",
            "Keys moved per second during a rebalance, all moving shards together"),
        choice("routing", {"router", "client"}, "router",
               "Who knows the map: a router every request goes through, or the client itself, which caches the "
               "map and is redirected by a shard when it is stale"),
        num("link_latency_ms", D, 0.2, 0, 1000, "ms", "One-way delay added to every link between nodes"),
        num("db_queue_limit", I, 10000, 1, 1000000, "jobs",
            "Database jobs waiting for a shard's (vertical: a service's) database beyond this are shed unrun, counted "
            "as jobs_shed in the summary: the request goes unanswered or fails, a migration batch is sent again"),
        request_mix(),
    };
    info_.actions = {
        {"add-shard", "Add shard",
         "Bring a spare shard into the map (the one selected, or the first spare); range splits the fullest shard at "
         "its median key. Keys move to it while traffic runs",
         {}},
        {"remove-shard", "Remove shard", "Take this shard out of the map; its keys move to the others first", {"shard"}},
        {"split", "Split", "range: split this shard at its median key, the upper half to a spare shard", {"shard"}},
        {"move-slots", "Move slots", "hash-slot: give this shard 1024 slots from the shard with most", {"shard"}},
    };
}

std::unique_ptr<LabRun> PartitioningLab::build(const RunEnv& env, const Settings& settings) const {
    if (checked_layout(settings) == "vertical") return std::make_unique<VerticalRun>(env, settings);
    return std::make_unique<PartitioningRun>(env, settings);
}

}  // namespace archlab::partlab
