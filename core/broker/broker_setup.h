#pragma once
// Adding a broker to a lab's cluster: its database file in the run's data dir (emptied once per
// run, kept over kill/restart), its knobs and counters, and the node itself.
#include <filesystem>
#include <memory>
#include <string>

#include "core/broker/broker_config.h"
#include "core/broker/pubsub_registry.h"
#include "core/runtime/runtime.h"
#include "core/storage/sqlite_pool.h"

namespace archlab::broker {

/// What a lab keeps of its broker: knobs to change live, counters to chart, the database to audit.
struct BrokerHandles {
    NodeIndex node = kNoNode;
    std::shared_ptr<BrokerConfig> cfg;
    std::shared_ptr<BrokerMetrics> metrics;
    std::shared_ptr<SqlitePool> db;
};

/// Adds a broker node called `name` (kind "broker", one worker thread for its database) with
/// its database at data_dir/<name>.sqlite3. push: a RESP server's path to subscribed
/// connections (empty when the broker has no RESP side).
BrokerHandles add_broker(Runtime& rt, const std::filesystem::path& data_dir, const std::string& name = "broker",
                         std::shared_ptr<BrokerConfig> cfg = std::make_shared<BrokerConfig>(), PushFn push = {});

}  // namespace archlab::broker
