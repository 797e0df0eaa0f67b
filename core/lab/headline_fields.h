#pragma once
// The labs' own summary.json fields that a reader looks at first, in the order a reader wants
// them: archlab-cli prints them under the common figures and the HTML report tabulates them.
#include <array>
#include <string_view>

namespace archlab {

inline constexpr std::array<std::string_view, 33> kLabHeadlineFields = {
    "hit_ratio", "stale_read_ratio", "evictions", "expirations", "lost_writes", "linearizable",
    "replication_lag_ms", "primary_now", "detection_delay_ms", "errors_by_cause", "session_lost_ratio",
    "load_skew", "per_node_share", "refused_by_cause", "key_skew", "lost_keys", "duplicate_keys",
    "misplaced_keys", "read_misses", "scan_fanout_mean", "redirects", "layout", "cross_service_calls_per_request",
    "completed", "compensated", "stuck", "unanswered", "refused", "invariant_breaks", "double_applied", "isolation_anomalies", "in_doubt_max",
    "lock_wait_ms"};

}  // namespace archlab
