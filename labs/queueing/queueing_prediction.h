#pragma once
// Which queueing model fits the lab's current settings, and what it predicts.
#include <string>

#include "core/theory/queueing_model.h"
#include "labs/queueing/queueing_config.h"

namespace archlab::queueing {

struct LabPrediction {
    QueuePrediction queue;   ///< time in the worker stage (wait + service), when a model fits
    std::string note;        ///< which model and why, or why none fits, in plain words
};

/// Settings that shape the prediction (a copy of the relevant knobs).
struct ModelInputs {
    double arrival_rps = 0.0;
    double service_ms = 0.0;
    ServiceDistKind dist = ServiceDistKind::Exponential;
    int workers = 1;             ///< workers serving (up or slow)
    int workers_configured = 0;  ///< the knob's count; more than `workers` when some are down (0: the same)
    int threads_per_worker = 1;
    Dispatch dispatch = Dispatch::SharedQueue;
    /// shared-queue only: the balancer keeps a worker thread's slot for the service time plus
    /// the round trip to the worker and back, so the queue sees a longer service; ms.
    double slot_round_trip_ms = 0.0;
    /// true: service_ms is the measured mean time a request held its worker slot (the model is
    /// fed what the workers really did, as a capacity planner would), not the configured value.
    bool service_measured = false;
};

LabPrediction predict(const ModelInputs& in);
ServiceDist service_dist_of(const ModelInputs& in);

}  // namespace archlab::queueing
