#include "core/lb/pool_knobs.h"

namespace archlab::lb {

std::vector<KnobSpec> pool_knobs() {
    const auto D = KnobType::Double;
    return {
        knobs::num("heartbeat_ms", D, 200, 10, 10000, "ms", "How often each app node tells discovery it is alive"),
        knobs::num("detect_after_ms", D, 1000, 20, 60000, "ms", "Discovery takes out a node silent this long"),
        knobs::num("timeout_ms", D, 500, 10, 60000, "ms", "The balancer gives up on a node's answer after this long (504)"),
    };
}

PoolTimings pool_timings(const Settings& s) {
    PoolTimings t;
    t.heartbeat = from_ms(s.get_double("heartbeat_ms"));
    t.detect_after = from_ms(s.get_double("detect_after_ms"));
    if (t.detect_after <= t.heartbeat) {
        throw InputError("detect_after_ms " + format_value(s.get("detect_after_ms")) +
                         ": must be longer than heartbeat_ms " + format_value(s.get("heartbeat_ms")) +
                         ", or every node is dropped between two heartbeats");
    }
    t.timeout = from_ms(s.get_double("timeout_ms"));
    return t;
}

}  // namespace archlab::lb
