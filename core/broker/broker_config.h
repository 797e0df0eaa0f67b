#pragma once
// The broker's knobs, read by the node on every use so a lab can change them while it runs
// (atomics: the run thread writes, the node's thread reads), and the counters it publishes
// for the lab's charts.
#include <algorithm>
#include <atomic>
#include <cstdint>

namespace archlab::broker {

struct BrokerConfig {
    std::atomic<double> ack_timeout_ms{1000.0};    ///< a delivery not acked this long is delivered again
    std::atomic<double> db_ms{0.5};                ///< emulated time of one write batch to the broker's database
    std::atomic<double> delivery_delay_ms{0.0};    ///< fault: every delivery waits this long before it is sent
    std::atomic<double> drop_ratio{0.0};           ///< fault: share of deliveries never sent (redelivered after the timeout)
    std::atomic<double> duplicate_ratio{0.0};      ///< fault: share of deliveries sent twice
    std::atomic<double> lease_ms{3000.0};          ///< a consumer not heard from this long is dropped from its group
    /// Retention, as a log broker's: of a topic cluster nodes consume, the newest this many entries
    /// that every group has acknowledged stay (XRANGE shows them); older ones are deleted, from
    /// memory and the database, so a long run does not grow without bound. Entries some group has
    /// still to read or acknowledge always stay. A topic cluster nodes publish to and none reads
    /// keeps its newest this many. Topics only redis-cli uses keep everything, as in Redis.
    std::atomic<std::uint64_t> retain_consumed{1000};
    std::int64_t unix_ms_at_zero = 1'700'000'000'000;  ///< wall time the broker's clock starts at (ids XADD picks), Unix ms

    /// How often pending entries are checked for an overdue ack, ms: a quarter of the timeout.
    double scan_period_ms() const { return std::max(1.0, ack_timeout_ms.load() / 4.0); }
};

/// Cumulative counts and current gauges, written by the broker node, read by anyone.
struct BrokerMetrics {
    std::atomic<std::uint64_t> published{0};      ///< entries added (in-cluster publishes and XADD)
    std::atomic<std::uint64_t> delivered{0};      ///< deliveries to cluster consumers, first and again
    std::atomic<std::uint64_t> redelivered{0};    ///< deliveries after an ack timeout
    std::atomic<std::uint64_t> acked{0};          ///< acknowledgements that cleared a pending entry
    std::atomic<std::uint64_t> dropped{0};        ///< deliveries dropped by the drop fault
    std::atomic<std::uint64_t> duplicated{0};     ///< extra copies sent by the duplicate fault
    std::atomic<std::uint64_t> retired{0};        ///< consumed entries deleted by retention (retain_consumed)
    std::atomic<std::uint64_t> db_errors{0};      ///< write batches SQLite refused
    std::atomic<std::uint64_t> pending{0};        ///< gauge: entries delivered and not acked, all groups (each scan)
    std::atomic<std::uint64_t> backlog{0};        ///< gauge: entries not yet delivered to their group, all groups (each scan)
    std::atomic<std::uint64_t> incarnations{0};   ///< broker instances started (1 + restarts)
};

}  // namespace archlab::broker
