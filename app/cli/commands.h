#pragma once
// archlab-cli's subcommands. Each returns the process exit code: 0 success,
// 2 bad input (one clear line on stderr), 1 failure at run time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/lab/lab_registry.h"
#include "core/lab/run_controller.h"

namespace archlab::cli {

struct RunOptions {
    std::string what;                       ///< lab id or scenario file
    std::vector<std::string> sets;          ///< KNOB=VALUE
    std::vector<std::string> faults;        ///< AT:ACTION:TARGET[:VALUE]
    std::optional<std::string> duration;    ///< "10s"
    std::optional<std::uint64_t> seed;
    std::string out;                        ///< report folder ("" = default)
    std::string store;                      ///< run store path ("" = default)
    bool no_store = false;
    bool no_charts = false;
    std::string time;                       ///< live | virtual; "" = live, or virtual for a guided scenario
    std::string speed = "max";              ///< virtual time: max or virtual s per wall s
    std::optional<std::int64_t> replay;     ///< run id in the store: run it again and check the fingerprint
    std::optional<std::uint64_t> storm;     ///< seed of a random fault storm over the whole run (core/lab/fault_storm.h)
    std::vector<std::string> storm_spare;   ///< nodes the storm leaves alone
    std::string bundle;                     ///< write the run as a bundle file here ("" = no bundle)
    std::string bundle_gif_chart;           ///< the chart of the bundle's animated GIF ("" = the first)
    bool bundle_no_gif = false;             ///< bundle without the animated GIF
    std::string bundle_guide;               ///< a guide JSON file the bundle carries ("" = none)
    std::vector<std::string> answers;       ///< guided scenario: STEP=VALUE, the room's guess for a step's question
};

int list_labs(const LabRegistry& labs);
int describe_lab(const LabRegistry& labs, const std::string& id, bool as_json);
int run_lab(const LabRegistry& labs, const RunOptions& options, int argc, char** argv);

/// The run request of `run`: from the scenario (if any) and the command line, which wins.
RunRequest build_request(const LabRegistry& labs, const RunOptions& options);

/// The lab with that id, or InputError listing the ids there are.
const Lab& find_lab(const LabRegistry& labs, const std::string& id);

}  // namespace archlab::cli
