#pragma once
// `archlab-cli cache-sim`: replays a key trace through eviction policies at full speed.
//
// Hook-up for app/cli/main.cpp (lead), beside the other subcommands:
//
//   #include "app/cli/cache_sim_command.h"
//   ...
//   auto* sim = app.add_subcommand("cache-sim", "Replay a key trace through cache eviction policies at full speed");
//   cli::CacheSimOptions so;
//   sim->add_option("--trace", so.trace, "Trace file")->required();
//   sim->add_option("--format", so.format, "text, csv or oracle-general (default: from the file name)");
//   sim->add_option("--csv-key-col", so.csv_key_col, "CSV: key column, counted from 1 (default 1)");
//   sim->add_option("--csv-size-col", so.csv_size_col, "CSV: size column, counted from 1 (default: no sizes)");
//   sim->add_flag("--csv-header", so.csv_header, "CSV: the first line is a header");
//   sim->add_option("--policy", so.policies, "Policies: lru,lfu,fifo,random,arc,s3fifo or all")
//       ->required()->delimiter(',');
//   sim->add_option("--capacity", so.capacities, "Capacities in entries (bytes with --bytes): 1000,64K,1M")
//       ->required()->delimiter(',');
//   sim->add_flag("--bytes", so.bytes, "Capacity in bytes: object sizes count");
//   sim->add_flag("--ignore-size", so.ignore_size, "Every object counts 1 byte / 1 entry");
//   sim->add_option("--seed", so.seed, "Seed of the random policy (default 1)");
//   sim->add_option("--out", so.out, "Write DIR/cache-sim.csv, and DIR/mrc.csv with several capacities");
//   ...
//   if (*sim) return cli::cache_sim(so);
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
    std::string out;                      ///< folder for cache-sim.csv and mrc.csv ("" = none)
};

/// Runs the replay and prints the table. Exit code: 0 done, 2 bad input, 1 failure.
int cache_sim(const CacheSimOptions& options);

}  // namespace archlab::cli
