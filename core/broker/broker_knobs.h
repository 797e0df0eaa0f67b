#pragma once
// The broker's knobs as a lab declares them, and how a lab applies them to the running broker.
// All apply live (the broker reads its config on every use), so the faults panel and a scenario
// timeline can turn delivery faults on and off while a run goes.
#include <vector>

#include "core/broker/broker_config.h"
#include "core/lab/knob.h"
#include "core/lab/settings.h"

namespace archlab::broker {

/// ack_timeout_ms, broker_db_ms, broker_delay_ms, broker_drop_ratio, broker_duplicate_ratio.
std::vector<KnobSpec> broker_knobs();

/// Copies the broker knobs in settings into cfg (at build, and again on a live knob change).
void apply_broker_knobs(const Settings& settings, BrokerConfig& cfg);

}  // namespace archlab::broker
