#include "app/cli/cache_sim_command.h"

#include <filesystem>
#include <iostream>
#include <set>

#include <QApplication>
#include <fmt/format.h>

#include "app/cli/cli_output.h"
#include "app/cli/offscreen_qt.h"
#include "core/cache/cache_sim.h"
#include "core/cache/policy_registry.h"
#include "core/cache/sim_report.h"
#include "core/cache/trace_reader.h"
#include "core/lab/settings.h"
#include "views/mrc_chart_png.h"

namespace archlab::cli {

namespace {

using namespace archlab::cache;

/// --format, or a guess from the file name: *.csv, *oracleGeneral* / *.bin, else text.
TraceFormat format_of(const CacheSimOptions& o) {
    if (!o.format.empty()) return parse_trace_format(o.format);
    const std::filesystem::path path(o.trace);
    const std::string ext = path.extension().string();
    if (ext == ".csv") return TraceFormat::csv;
    if (ext == ".bin" || path.filename().string().find("oracleGeneral") != std::string::npos) {
        return TraceFormat::oracle_general;
    }
    return TraceFormat::text;
}

int run(const CacheSimOptions& o) {
    PolicyRegistry registry;
    register_builtin_policies(registry);
    const std::vector<std::string> policies = parse_policy_names(o.policies, registry);
    if (o.trace.empty()) throw InputError("no trace given (--trace FILE)");
    if (o.capacities.empty()) throw InputError("no capacity given (--capacity N[,N...])");

    const TraceFormat format = format_of(o);
    CsvLayout csv;
    csv.key_column = o.csv_key_col;
    csv.size_column = o.csv_size_col;
    csv.header = o.csv_header;
    const std::unique_ptr<TraceReader> reader = open_trace(o.trace, format, csv);
    const LoadedTrace trace = load_trace(*reader, o.ignore_size);
    if (trace.requests() == 0) throw InputError("trace '" + o.trace + "' has no requests");

    const CapacityUnit unit = o.bytes ? CapacityUnit::bytes : CapacityUnit::entries;
    const std::uint64_t working_set = o.bytes ? trace.unique_bytes : trace.unique_keys;
    const std::vector<std::uint64_t> capacities = parse_capacities(o.capacities, working_set);
    std::cout << fmt::format("trace {} ({}): {} requests, {} objects, {} bytes requested, {} bytes of objects\n",
                             o.trace, to_string(format), trace.requests(), trace.unique_keys, trace.total_bytes,
                             trace.unique_bytes);
    if (trace.zero_size_skipped > 0) {
        std::cout << fmt::format("  {} records of size 0 skipped (no object; libCacheSim skips them too)\n",
                                 trace.zero_size_skipped);
    }
    const std::vector<SimResult> results = replay_all(trace, registry, policies, capacities, unit, o.seed);
    std::cout << format_sim_table(results);

    // One capacity gives a table; several give a curve, written even without --out.
    const bool curve = std::set<std::uint64_t>(capacities.begin(), capacities.end()).size() > 1;
    const std::string out = !o.out.empty() ? o.out
                            : curve        ? stamped_out_dir("cache-sim-" + std::filesystem::path(o.trace).stem().string())
                                           : std::string();
    if (!out.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        if (ec) throw InputError("--out '" + out + "': cannot create the folder: " + ec.message());
        const std::string table = out + "/cache-sim.csv";
        write_sim_csv(results, table);
        std::cout << "wrote " << table << '\n';
        if (curve) {
            const std::string mrc = out + "/mrc.csv";
            write_mrc_csv(results, mrc);
            std::cout << "wrote " << mrc << '\n';
            const std::string png = out + "/mrc.png";
            use_offscreen_qt();
            static int qt_argc = 1;
            static char qt_name[] = "archlab-cli";
            static char* qt_argv[] = {qt_name, nullptr};
            QApplication app(qt_argc, qt_argv);
            std::string error;
            const std::string title = "Miss-ratio curve: " + std::filesystem::path(o.trace).filename().string();
            if (!render_mrc_png(results, title, png, &error)) throw std::runtime_error(error);
            std::cout << "wrote " << png << '\n';
        }
    }
    return 0;
}

}  // namespace

int cache_sim(const CacheSimOptions& options) {
    try {
        return run(options);
    } catch (const InputError& e) {
        std::cerr << "archlab-cli: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "archlab-cli: cache-sim failed: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace archlab::cli
