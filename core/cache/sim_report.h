#pragma once
// Trace-replay results as text: an aligned table for the terminal and two CSV files.
//   cache-sim.csv  policy,capacity,requests,hits,misses,hit_ratio,miss_ratio,byte_miss_ratio,requests_per_s
//   mrc.csv        the miss-ratio curve: capacity,<policy>,<policy>... one row per capacity
//                  (ascending), each cell that policy's miss ratio at that capacity
#include <string>
#include <vector>

#include "core/cache/cache_sim.h"

namespace archlab::cache {

/// One header line and one line per result, columns aligned.
std::string format_sim_table(const std::vector<SimResult>& results);
/// Writes cache-sim.csv; throws std::runtime_error when the file cannot be written.
void write_sim_csv(const std::vector<SimResult>& results, const std::string& path);
/// Writes mrc.csv; throws std::runtime_error when the file cannot be written.
void write_mrc_csv(const std::vector<SimResult>& results, const std::string& path);

}  // namespace archlab::cache
