#pragma once
// The balancer's settings and what it publishes for the lab to chart. Shared between the lab
// (any thread) and the balancer node (its own thread): the strategy name changes live.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/metrics/counter.h"
#include "core/runtime/clock.h"

namespace archlab::lb {

class BalancerConfig {
public:
    BalancerConfig(std::vector<std::string> pool_ids, std::string strategy)
        : pool(std::move(pool_ids)), strategy_(std::move(strategy)) {}

    const std::vector<std::string> pool;                   ///< app node ids it may route to, in order
    std::map<std::string, int> weights;                    ///< node id -> weight (missing = 1)
    Nanos timeout{std::chrono::milliseconds(500)};         ///< gives up on a node's answer after this (504)
    Nanos resubscribe{std::chrono::milliseconds(200)};     ///< asks discovery again this often (it may have restarted)
    double ewma_alpha = 0.3;                               ///< weight of the newest response time in the average

    /// Switches strategy live (name checked by the caller); requests in flight keep their node.
    void set_strategy(std::string name) {
        std::lock_guard lock(mu_);
        strategy_ = std::move(name);
        ++version_;
    }
    /// The current strategy name and a number that changes with every switch.
    std::pair<std::string, std::uint64_t> strategy() const {
        std::lock_guard lock(mu_);
        return {strategy_, version_};
    }

private:
    mutable std::mutex mu_;
    std::string strategy_;
    std::uint64_t version_ = 0;
};

/// A change in the balancer's view of which instances are alive.
struct MembershipChange {
    Nanos at{0};       ///< when the balancer applied it, runtime clock
    std::string node;  ///< "node-2"
    bool alive = false;
};

/// What the balancer publishes: in flight per pool node (a level, for the chart) and the
/// membership changes it applied (for the detection delay, matched with kill times by the lab).
class BalancerWatch {
public:
    explicit BalancerWatch(std::size_t pool_size) : in_flight(pool_size) {}

    std::vector<Gauge> in_flight;  ///< by position in BalancerConfig::pool

    void record(MembershipChange change) {
        std::lock_guard lock(mu_);
        alive_[change.node] = change.alive;
        changes_.push_back(std::move(change));
    }
    /// True when the balancer's latest change for this node took it out of the pool.
    bool removed(const std::string& node) const {
        std::lock_guard lock(mu_);
        const auto it = alive_.find(node);
        return it != alive_.end() && !it->second;
    }
    std::vector<MembershipChange> changes() const {
        std::lock_guard lock(mu_);
        return changes_;
    }

private:
    mutable std::mutex mu_;
    std::vector<MembershipChange> changes_;
    std::map<std::string, bool> alive_;   ///< each node's latest change: in the pool or not
};

}  // namespace archlab::lb
