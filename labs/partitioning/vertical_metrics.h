#pragma once
// What the vertical layout measures. The client records every request by type and the
// cross-service calls each answer says it took; each service counts the calls it served (from
// the api or from another service) and the cross-service calls it made.
#include <array>
#include <atomic>
#include <cstdint>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"
#include "labs/partitioning/vertical_config.h"

namespace archlab::partlab {

struct ServiceGauges {
    std::atomic<std::int64_t> keys{0};  ///< rows in its database
    Counter requests;                   ///< calls it served (from the api or another service)
    Counter calls_made;                 ///< cross-service calls it sent
};

/// One request type, as the client saw it.
struct RequestTypeStats {
    Counter issued, ok;
    Counter calls;         ///< cross-service calls of its answered requests
    Histogram latency_ns;  ///< answered requests, ns
};

struct VerticalMetrics {
    std::array<ServiceGauges, kDomains> services;           ///< by Domain
    std::array<RequestTypeStats, kRequestTypes> by_type;    ///< by VOp (the four request types)

    Counter issued, ok, failed;   ///< requests started / answered / given up or failed
    Counter not_found;            ///< answered: a user or product did not exist (answered, counted in ok)
    Counter err_timeout;          ///< the client had no answer in time
    Counter err_call_failed;      ///< a service answered Failed: a call it needed timed out
    Counter calls_answered;       ///< cross-service calls of all answered requests
    Histogram latency_ns;         ///< every answered request, ns

    std::atomic<std::uint64_t> next_key{0};  ///< KeyChooser's counter (never moves: no sequential ids here)
};

}  // namespace archlab::partlab
