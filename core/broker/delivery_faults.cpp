#include "core/broker/delivery_faults.h"

namespace archlab::broker {

DeliveryPlan plan_delivery(const BrokerConfig& cfg, std::mt19937_64& random) {
    DeliveryPlan plan;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const double drop = cfg.drop_ratio.load();
    const double dup = cfg.duplicate_ratio.load();
    if (drop > 0 && u(random) < drop) {
        plan.copies = 0;
        return plan;
    }
    if (dup > 0 && u(random) < dup) plan.copies = 2;
    const double delay_ms = cfg.delivery_delay_ms.load();
    if (delay_ms > 0) plan.delay = from_ms(delay_ms);
    return plan;
}

}  // namespace archlab::broker
