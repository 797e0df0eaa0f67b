#pragma once
// What the partitioning lab measures. The client records every operation and the last
// acknowledged version of each key (the audit's reference); shards publish only their key
// counts and count the requests they served and the keys they handed over; the coordinator
// notes when each rebalance began and ended.
#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"

namespace archlab::partlab {

/// Published by one shard node.
struct ShardGauges {
    std::atomic<std::int64_t> keys{0};   ///< rows in its database (its in-memory index of them)
    Counter requests;                    ///< operations it served from its own data (not redirected)
    std::atomic<int> incarnations{0};    ///< instances built so far (1 = never restarted)
};

/// One rebalance as the coordinator saw it.
struct RebalanceRecord {
    std::string action;          ///< as asked: "add-shard", "remove-shard:shard-2"
    std::string op;              ///< what it did to the map: "add-shard shard-5"
    std::string status;          ///< "running", "done", "rejected"
    std::string reason;          ///< rejected: why
    std::uint64_t to_epoch = 0;  ///< the epoch it moved to (0 when rejected)
    double started_s = 0.0, ended_s = NAN;   ///< run time
    std::uint64_t keys_before = 0;           ///< keys on the sources when it began (their reports)
    double expected_fraction = NAN;          ///< theory (shard_map.h)
};

/// The last acknowledged version of each key: what no shard may lose.
class AckLedger {
public:
    void acknowledge(const std::string& key, std::uint64_t version) {
        std::lock_guard lock(mu_);
        auto [it, fresh] = acked_.try_emplace(key, version);
        if (!fresh && version > it->second) it->second = version;
    }
    bool has(const std::string& key) const {
        std::lock_guard lock(mu_);
        return acked_.count(key) != 0;
    }
    std::map<std::string, std::uint64_t> snapshot() const {
        std::lock_guard lock(mu_);
        return acked_;
    }

private:
    mutable std::mutex mu_;
    std::map<std::string, std::uint64_t> acked_;
};

struct PartMetrics {
    explicit PartMetrics(int shard_nodes) : shards(static_cast<std::size_t>(shard_nodes)) {}

    std::vector<ShardGauges> shards;  ///< by ordinal - 1
    AckLedger acked;                  ///< client: last acknowledged version per key (the preload is version 0)

    // Client, every operation.
    Counter issued;                   ///< operations started
    Counter ok, failed;               ///< answered / gave up
    Counter reads, writes, scans;     ///< answered, by kind
    Counter read_misses;              ///< reads answered "no such key" for a key with an acknowledged write
    Counter err_timeout, err_redirects;  ///< failures by cause: no answer in time, too many redirects
    Histogram latency_ns;             ///< every answered operation, ns
    Histogram latency_rebalance_ns;   ///< answered while a rebalance was running, ns
    Histogram latency_steady_ns;      ///< answered while none was, ns
    Histogram key_latency_ns;         ///< single-key operations, ns
    Histogram scan_latency_ns;        ///< range scans, ns
    Histogram scan_fanout;            ///< shards one range scan asked (count, not ns)
    Counter scan_shards;              ///< shards asked by all scans (the mean fan-out's numerator)

    // Whoever routes (router or client): redirects followed.
    Counter moved, asked;

    // Shards: keys handed over in migrations, counted when the receiver acknowledged them.
    Counter keys_moved;
    std::mutex moved_mu;
    std::map<std::uint64_t, std::uint64_t> moved_by_epoch;  ///< target epoch -> keys moved into it
    void note_moved(std::uint64_t to_epoch, std::uint64_t n) {
        keys_moved.add(n);
        std::lock_guard lock(moved_mu);
        moved_by_epoch[to_epoch] += n;
    }
    std::uint64_t moved_into(std::uint64_t to_epoch) {
        std::lock_guard lock(moved_mu);
        auto it = moved_by_epoch.find(to_epoch);
        return it == moved_by_epoch.end() ? 0 : it->second;
    }

    // Coordinator.
    std::atomic<bool> rebalancing{false};
    std::atomic<std::uint64_t> epoch{1};   ///< committed map epoch
    std::mutex log_mu;
    std::vector<RebalanceRecord> rebalances;
    Counter migration_batches;            ///< batches sent (resends included)
    /// Migration jobs the database queue shed (db_queue_limit): a batch read (its keys go in a
    /// later batch), the new owner's store of a batch (unacknowledged: sent again) or an erase
    /// after the acknowledgement (the batch is sent again).
    Counter migration_jobs_shed;

    /// Kept outside the client node so a restarted client never reuses a value or a new key.
    std::atomic<std::int64_t> next_value{1};
    std::atomic<std::uint64_t> next_key{0};  ///< sequential: the next new key's number (starts at `keys`)
};

}  // namespace archlab::partlab
