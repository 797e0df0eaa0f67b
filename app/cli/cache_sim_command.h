#pragma once
// `archlab-cli cache-sim`: replays a key trace through eviction policies at full speed.
//
// cache_sim() reports bad input itself (one line on stderr, exit code 2).
#include <cstdint>
#include <string>
#include <vector>

namespace archlab::cli {

struct CacheSimOptions {
    std::string trace;                    ///< trace file path
    std::string format;                   ///< text, csv, oracle-general; "" = from the file name
    int csv_key_col = 1;                  ///< CSV key column, 1-based
    int csv_size_col = 0;                 ///< CSV size column, 1-based; 0 = no sizes
    bool csv_header = false;              ///< CSV: skip the first line
    std::vector<std::string> policies;    ///< registry names or "all"; comma lists allowed
    std::vector<std::string> capacities;  ///< "1000", "64K" ...; comma lists allowed
    bool bytes = false;                   ///< capacities in bytes (object sizes count), else entries
    bool ignore_size = false;             ///< every object counts 1
    std::uint64_t seed = 1;               ///< seed of the random policy
    std::string out;                      ///< folder for cache-sim.csv, mrc.csv and mrc.png ("" = none; several capacities default to archlab-runs/)
};

/// Runs the replay and prints the table. Exit code: 0 done, 2 bad input, 1 failure.
int cache_sim(const CacheSimOptions& options);

}  // namespace archlab::cli
