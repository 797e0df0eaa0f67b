#pragma once
// Redis 7's expiry arithmetic, for SET EX/PX/EXAT/PXAT and EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT:
// every deadline is absolute Unix time in milliseconds in a signed 64-bit integer, and a time
// that does not fit is refused ("invalid expire time in '<command>' command") instead of
// overflowing. The rules follow t_string.c getExpireMillisecondsOrReply and expire.c
// expireGenericCommand.
#include <cstdint>
#include <optional>

#include "core/runtime/clock.h"

namespace archlab::resp {

enum class ExpireUnit { seconds, milliseconds };

/// SET's expiry argument n (EX/PX: relative to now_ms; EXAT/PXAT: absolute) as the deadline in
/// Unix ms; nullopt when Redis refuses it: n <= 0, n seconds beyond LLONG_MAX/1000, or the
/// deadline beyond LLONG_MAX.
std::optional<std::int64_t> set_deadline_ms(std::int64_t n, ExpireUnit unit, bool relative, std::int64_t now_ms);

/// EXPIRE/PEXPIRE (relative to now_ms) or EXPIREAT/PEXPIREAT (absolute) time n as the deadline in
/// Unix ms; negative times are allowed (in the past: the key is deleted). nullopt when Redis
/// refuses it: n seconds beyond +-LLONG_MAX/1000, or the deadline beyond LLONG_MAX.
std::optional<std::int64_t> expire_deadline_ms(std::int64_t n, ExpireUnit unit, bool relative, std::int64_t now_ms);

/// Time from now_ms until deadline_ms: 0 or less when due, at most Nanos::max() (about 292
/// years; later deadlines are held as that).
Nanos time_until(std::int64_t deadline_ms, std::int64_t now_ms);

}  // namespace archlab::resp
