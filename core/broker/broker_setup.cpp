#include "core/broker/broker_setup.h"

#include "core/broker/broker_db.h"
#include "core/broker/broker_node.h"

namespace archlab::broker {

BrokerHandles add_broker(Runtime& rt, const std::filesystem::path& data_dir, const std::string& name,
                         std::shared_ptr<BrokerConfig> cfg, PushFn push) {
    BrokerHandles h;
    h.cfg = std::move(cfg);
    h.metrics = std::make_shared<BrokerMetrics>();
    h.db = std::make_shared<SqlitePool>((data_dir / (name + ".sqlite3")).string(), kNodeDbCacheKib);
    broker_db_prepare(*h.db);
    h.node = rt.add_node({name, "broker", 1, [cfg = h.cfg, m = h.metrics, db = h.db, push] {
                              return std::make_unique<BrokerNode>(cfg, m, db, push);
                          }});
    return h;
}

}  // namespace archlab::broker
