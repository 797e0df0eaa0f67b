#include "core/broker/broker_knobs.h"

namespace archlab::broker {

std::vector<KnobSpec> broker_knobs() {
    const auto D = KnobType::Double;
    return {
        knobs::num("ack_timeout_ms", D, 1000, 10, 60000, "ms",
                   "The broker delivers an entry again when its consumer has not acked it this long", true),
        knobs::num("broker_db_ms", D, 0.5, 0, 1000, "ms", "Time the broker takes to write a batch of changes to its database",
                   true),
        knobs::num("broker_delay_ms", D, 0, 0, 10000, "ms", "Fault: the broker holds every delivery this long before sending it",
                   true),
        knobs::num("broker_drop_ratio", D, 0, 0, 1, "share",
                   "Fault: share of deliveries the broker loses (they are delivered again after ack_timeout_ms)", true),
        knobs::num("broker_duplicate_ratio", D, 0, 0, 1, "share",
                   "Fault: share of deliveries the broker sends twice (consumers must be idempotent)", true),
    };
}

void apply_broker_knobs(const Settings& s, BrokerConfig& cfg) {
    cfg.ack_timeout_ms = s.get_double("ack_timeout_ms");
    cfg.db_ms = s.get_double("broker_db_ms");
    cfg.delivery_delay_ms = s.get_double("broker_delay_ms");
    cfg.drop_ratio = s.get_double("broker_drop_ratio");
    cfg.duplicate_ratio = s.get_double("broker_duplicate_ratio");
}

}  // namespace archlab::broker
