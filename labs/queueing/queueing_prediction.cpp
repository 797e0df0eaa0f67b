#include "labs/queueing/queueing_prediction.h"

#include <fmt/format.h>

namespace archlab::queueing {

ServiceDist service_dist_of(const ModelInputs& in) {
    const double s = in.service_ms / 1000.0;
    switch (in.dist) {
        case ServiceDistKind::Exponential: return ServiceDist::exponential_with_mean(s);
        case ServiceDistKind::Constant: return ServiceDist::constant(s);
        case ServiceDistKind::Lognormal: return ServiceDist::lognormal(s, kLognormalSigma);
    }
    return ServiceDist::exponential_with_mean(s);
}

namespace {
const char* dist_name(ServiceDistKind d) {
    switch (d) {
        case ServiceDistKind::Exponential: return "exponential";
        case ServiceDistKind::Constant: return "constant";
        case ServiceDistKind::Lognormal: return "lognormal";
    }
    return "?";
}

/// One queue with c servers fed by Poisson arrivals at lambda.
LabPrediction one_queue(double lambda, int c, const ServiceDist& s, ServiceDistKind kind, const std::string& where) {
    LabPrediction p;
    if (s.exponential) {
        p.queue = predict_mmc(lambda, c, s.mean_s);
    } else if (kind == ServiceDistKind::Constant) {
        p.queue = predict_mdc(lambda, c, s.mean_s);
    } else if (c == 1) {
        p.queue = predict_mg1(lambda, s);
    } else {
        p.queue.utilisation = lambda * s.mean_s / c;
        p.note = fmt::format("{} with {} threads and {} service times is an M/G/{} queue, which has no closed "
                             "form: no prediction is drawn (use exp service, or one thread)",
                             where, c, dist_name(kind), c);
        return p;
    }
    if (p.queue.fits) {
        p.note = fmt::format("{}: {} queue, utilisation {:.2f}", where, p.queue.model, p.queue.utilisation);
    } else {
        p.note = where + ": " + p.queue.why;
    }
    return p;
}
}  // namespace

static LabPrediction predict_queue(const ModelInputs& in);

LabPrediction predict(const ModelInputs& in) {
    if (in.workers <= 0) {
        LabPrediction none;
        none.note = "no worker is serving: there is no queue to model";
        return none;
    }
    LabPrediction p = predict_queue(in);
    if (in.workers_configured > in.workers) {
        p.note += fmt::format("; modelled for the {} of {} workers serving (the balancer still sends the others "
                              "their share, which times out)",
                              in.workers, in.workers_configured);
    }
    if (p.queue.fits && in.service_measured) {
        p.note += fmt::format("; fed the measured mean service time {:.3f} ms", in.service_ms);
    }
    return p;
}

static LabPrediction predict_queue(const ModelInputs& in) {
    const double lambda = in.arrival_rps;
    const ServiceDist s = service_dist_of(in);
    const int c = in.workers * in.threads_per_worker;
    if (in.dispatch == Dispatch::SharedQueue) {
        // The queue in the balancer sees each slot held for service + the hop to the worker
        // and back; the request itself is served for the service time alone.
        ModelInputs held = in;
        held.service_ms = in.service_ms + in.slot_round_trip_ms;
        LabPrediction p = one_queue(lambda, c, service_dist_of(held), in.dist, "one shared queue in front of every thread");
        const double shift_s = in.slot_round_trip_ms / 1000.0;
        p.queue.mean_s -= shift_s;
        if (p.queue.p50_s) *p.queue.p50_s -= shift_s;
        if (p.queue.p99_s) *p.queue.p99_s -= shift_s;
        if (p.queue.fits && in.slot_round_trip_ms > 0) {
            p.note += fmt::format(" (a slot is held {:.3f} ms longer than the service: the balancer-worker round trip)",
                                  in.slot_round_trip_ms);
        }
        return p;
    }
    if (in.workers == 1) return one_queue(lambda, c, s, in.dist, "one worker, one queue");
    if (in.dispatch == Dispatch::Random) {
        // Random splitting of a Poisson stream gives each worker a Poisson stream of lambda/N.
        return one_queue(lambda / in.workers, in.threads_per_worker, s, in.dist,
                         "random dispatch: each worker its own queue with a Poisson share");
    }
    LabPrediction p;
    p.queue.utilisation = lambda * s.mean_s / c;
    if (in.dispatch == Dispatch::RoundRobin) {
        p.note = "round-robin gives each worker evenly spaced arrivals, not a Poisson stream: no closed form "
                 "fits, so none is drawn (expect latency between shared-queue and random)";
    } else {
        p.note = "least-connections reacts to live queue lengths: no closed form fits, so none is drawn "
                 "(expect latency close to shared-queue)";
    }
    return p;
}

}  // namespace archlab::queueing
