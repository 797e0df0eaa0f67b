#include "core/resp/expire_time.h"

#include <limits>

namespace archlab::resp {

namespace {
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kNanosPerMs = 1'000'000;
}  // namespace

std::optional<std::int64_t> set_deadline_ms(std::int64_t n, ExpireUnit unit, bool relative, std::int64_t now_ms) {
    if (n <= 0 || (unit == ExpireUnit::seconds && n > kMax / 1000)) return std::nullopt;
    std::int64_t ms = unit == ExpireUnit::seconds ? n * 1000 : n;
    if (relative) {
        if (now_ms > 0 && ms > kMax - now_ms) return std::nullopt;  // Redis sees the sum wrap below zero
        ms += now_ms;
    }
    if (ms <= 0) return std::nullopt;
    return ms;
}

std::optional<std::int64_t> expire_deadline_ms(std::int64_t n, ExpireUnit unit, bool relative, std::int64_t now_ms) {
    if (unit == ExpireUnit::seconds) {
        if (n > kMax / 1000 || n < kMin / 1000) return std::nullopt;
        n *= 1000;
    }
    const std::int64_t base = relative ? now_ms : 0;
    // As Redis: a sum past LLONG_MAX is refused. A clock before 1970 (base < 0) cannot occur in
    // a real run, but is checked too, so no input makes the sum overflow.
    if ((base > 0 && n > kMax - base) || (base < 0 && n < kMin - base)) return std::nullopt;
    return n + base;
}

Nanos time_until(std::int64_t deadline_ms, std::int64_t now_ms) {
    if (deadline_ms <= now_ms) return Nanos(0);
    // Both are real Unix times or Redis-checked deadlines: a difference past LLONG_MAX cannot
    // occur with now_ms >= 0, and one past what Nanos holds saturates.
    const std::int64_t ms = now_ms >= 0 || deadline_ms <= kMax + now_ms ? deadline_ms - now_ms : kMax;
    return ms > Nanos::max().count() / kNanosPerMs ? Nanos::max() : Nanos(ms * kNanosPerMs);
}

}  // namespace archlab::resp
