#pragma once
// The partitioning lab's settings as the nodes read them, and the names the lab gives things:
// shard nodes "shard-1".."shard-M" (the last spare_shards idle until added), keys "k0000000042"
// (zero-padded, so the byte order of keys is their numeric order and a range of numbers is a
// range of keys).
#include <atomic>
#include <cstdint>
#include <string>

namespace archlab::partlab {

/// Which keys the workload touches.
enum class KeyDist : int {
    Uniform,     ///< any existing key alike
    Zipf,        ///< key 0 most popular, rank r weighs 1/r^s
    Sequential,  ///< writes create new keys, each larger than every key before (time-ordered ids)
};
/// Who knows the map.
enum class Routing : int {
    Router,  ///< clients send everything to the router, which knows the map and follows redirects
    Client,  ///< the client caches the map and talks to the shards itself; a shard redirects it when stale
};

KeyDist parse_key_dist(const std::string& s);
Routing parse_routing(const std::string& s);

struct PartConfig {
    std::string strategy = "consistent-hash";  ///< a name in partition::builtin_partitioners()
    int shards = 4;                 ///< shards in the map at the start
    int spare_shards = 2;           ///< idle shard nodes add-shard and split can bring in
    int vnodes = 160;               ///< consistent-hash: points per shard on the ring
    int keys = 2000;                ///< keys loaded before the run starts
    KeyDist key_dist = KeyDist::Uniform;
    double zipf_s = 1.0;
    double read_ratio = 0.7;        ///< share of single-key operations that read (the rest write)
    double range_ratio = 0.05;      ///< share of operations that are range scans
    int range_len = 50;             ///< keys a range scan covers (consecutive key numbers)
    double migrate_rate = 2000.0;   ///< keys per second moved during a rebalance, all sources together
    Routing routing = Routing::Router;
    double link_latency_ms = 0.2;   ///< one-way delay of every link, ms
    double db_ms = 0.1;             ///< service time of one SQLite transaction, ms (live: SQLite's own time when longer)
    int db_queue_limit = 10000;     ///< jobs waiting for a shard's database before more are shed

    std::atomic<double> arrival_rps{400.0};  ///< operations per second (Poisson), changeable live
    std::atomic<bool> stopping{false};       ///< the client starts no new operations

    int shard_nodes() const { return shards + spare_shards; }
    /// Time after which the client gives up on an operation, ms.
    double op_timeout_ms() const { return 2000.0; }
};

/// "shard-1" for ordinal 1.
std::string shard_name(int ordinal);
/// 1 for "shard-1": the ordinal shard_name gave.
int shard_ordinal(const std::string& shard);
/// "k0000000042": the key numbered n.
std::string key_name(std::uint64_t n);

}  // namespace archlab::partlab
