#pragma once
// Timing shared by the transactions lab's coordinating nodes (the 2PC coordinator and the saga
// orchestrator): one tick timer drives their retries and recovery.

#include <cstddef>
#include <cstdint>

namespace archlab::txnlab {

inline constexpr std::uint64_t kTickTimer = 1;  ///< the timer id of the coordinating node's tick
inline constexpr double kTickMs = 50.0;         ///< tick period, ms
/// Ended orders (sagas) kept in memory to answer a duplicated request without a database read.
inline constexpr std::size_t kRememberEnded = 100000;

}  // namespace archlab::txnlab
