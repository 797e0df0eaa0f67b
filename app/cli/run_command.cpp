#include <QApplication>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "core/lab/run_mark.h"
#include "app/cli/bundle_command.h"
#include "app/cli/sigint_watch.h"
#include "app/cli/cli_output.h"
#include "app/cli/offscreen_qt.h"
#include "app/cli/commands.h"
#include "app/cli/guided_run.h"
#include "app/cli/scenario_files.h"
#include "core/lab/guide_record.h"
#include "core/lab/replay_request.h"
#include "core/lab/run_controller.h"
#include "core/lab/scenario.h"
#include "core/lab/scenario_request.h"
#include "app/cli/storm_command.h"
#include "core/platform/terminal.h"
#include "core/store/run_store.h"

namespace archlab::cli {

namespace {

constexpr double kDefaultDuration_s = 10.0;

bool looks_like_file(const std::string& what) {
    return what.find('/') != std::string::npos || what.ends_with(".json") || std::filesystem::exists(what);  // ":/scenarios/..." too
}

/// A stored virtual run, as it was asked for (core/lab/replay_request.h), at the --speed given.
RunRequest replay_request(const LabRegistry& labs, const RunOptions& o, RunStore* store, std::string* fingerprint) {
    const std::string what = "--replay " + std::to_string(*o.replay);
    if (!store) throw InputError(what + ": no run store to read the run from (drop --no-store, or give --store PATH)");
    const std::optional<RunRecord> rec = store->load_run(*o.replay);
    if (!rec) throw InputError(what + ": the run store has no run #" + std::to_string(*o.replay));
    RunRequest r;
    try {
        r = request_from_summary(labs, rec->summary);
    } catch (const InputError& e) {
        throw InputError(what + ": run #" + std::to_string(*o.replay) + ": " + e.what());
    }
    r.speed = parse_speed(o.speed, "--speed");
    *fingerprint = rec->summary.at("fingerprint").get<std::string>();
    return r;
}

}  // namespace

RunRequest build_request(const LabRegistry& labs, const RunOptions& o) {
    if (o.what.empty()) throw InputError("run: name a lab or a scenario file (archlab-cli list shows the labs), or --replay RUN_ID");
    std::optional<Scenario> scenario;
    std::string lab_id = o.what;
    if (looks_like_file(o.what)) {
        scenario = load_scenario(o.what);
        lab_id = scenario->lab;
    }
    const Lab& lab = find_lab(labs, lab_id);
    RunRequest r;
    if (scenario) {
        r = request_from_scenario(lab, *scenario);
    } else {
        r.lab = &lab;
        r.settings = lab.default_settings();
    }
    for (const std::string& set : o.sets) {
        const auto eq = set.find('=');
        if (eq == std::string::npos || eq == 0) throw InputError("--set '" + set + "': expected KNOB=VALUE");
        r.settings.set(set.substr(0, eq), set.substr(eq + 1));
    }
    for (const std::string& f : o.faults) r.faults.push_back(FaultEvent::parse(f));
    if (o.duration) r.duration = parse_duration(*o.duration, "--duration");
    if (r.duration.count() == 0) r.duration = from_ms(kDefaultDuration_s * 1e3);
    if (r.duration < from_ms(500)) throw InputError("--duration '" + o.duration.value_or("") + "': a run lasts at least 500ms");
    if (o.seed) r.seed = *o.seed;
    r.time_mode = parse_time_mode(o.time.empty() ? "live" : o.time, "--time");
    r.speed = parse_speed(o.speed, "--speed");
    if (r.time_mode == TimeMode::Live && o.speed != "max") {
        throw InputError("--speed '" + o.speed + "': only virtual time can be paced (add --time virtual)");
    }
    if (o.storm) add_storm(r, *o.storm, o.storm_spare);
    else if (!o.storm_spare.empty()) throw InputError("--spare: only with --storm SEED");
    return r;
}

namespace {
/// The guided run's answers join its stored summary, so the History and its bundles carry them.
void store_guide(RunStore* store, std::int64_t run_id, const nlohmann::json& guide) {
    if (!store || run_id <= 0) return;
    try {
        store_guide_record(*store, run_id, guide);
    } catch (const std::exception& e) {
        std::cerr << "archlab-cli: warning: run store: the guide's answers were not kept: " << e.what() << '\n';
    }
}

std::string progress_line(const RunController& run, double total_s) {
    std::string rate = "-", p99 = "-";
    if (const SeriesStore* s = run.series()) {
        const SeriesSnapshot last = s->snapshot(1);
        if (!last.rows.empty()) {
            const int t = last.column("throughput_rps"), p = last.column("latency_p99_ms");
            if (t >= 0 && std::isfinite(last.rows[0].values[t])) rate = fmt::format("{:.0f}", last.rows[0].values[t]);
            if (p >= 0 && std::isfinite(last.rows[0].values[p])) p99 = fmt::format("{:.2f}", last.rows[0].values[p]);
        }
    }
    std::string banner;
    if (run.host_status().overloaded_now) banner = "  HOST OVERLOADED";
    return fmt::format("\r  {:5.1f}s / {:.0f}s   throughput {:>6} req/s   p99 {:>7} ms{}   ", run.elapsed_s(), total_s,
                       rate, p99, banner);
}
}  // namespace

int run_lab(const LabRegistry& labs, const RunOptions& options, int argc, char** argv) {
    RunOptions o = options;
    if (!o.what.empty() && !labs.find(o.what)) {
        o.what = resolve_scenario(o.what);  // a shipped scenario by name
        if (!looks_like_file(o.what)) {
            std::string known;
            for (const std::string& k : labs.ids()) known += (known.empty() ? "" : ", ") + k;
            throw InputError("unknown lab '" + o.what + "' (labs: " + known +
                             "), and no scenario file or shipped scenario of that name (archlab-cli scenarios lists them)");
        }
    }
    if (o.replay && !o.what.empty()) throw InputError("--replay " + std::to_string(*o.replay) + ": give a run id or a lab, not both");
    std::unique_ptr<RunStore> store;
    std::string store_path;
    // A bundle is made from the stored run: without the user's store, a scratch one, in a folder
    // of its own (with the histories it keeps beside it), removed after the bundle is written.
    std::filesystem::path scratch_dir;
    if (!o.bundle.empty() && o.no_store) {
        scratch_dir = std::filesystem::temp_directory_path() /
                      ("archlab-bundle-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        std::filesystem::create_directories(scratch_dir);
        store = std::make_unique<RunStore>((scratch_dir / "runs.sqlite3").string());
    }
    struct RemoveScratch {  // after the run (declared later, so gone first), before the store
        std::unique_ptr<RunStore>& store;
        const std::filesystem::path& dir;
        ~RemoveScratch() {
            if (dir.empty()) return;
            store.reset();
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    } remove_scratch{store, scratch_dir};
    if (!o.no_store) {
        store_path = o.store.empty() ? RunStore::default_path() : o.store;
        try {
            store = std::make_unique<RunStore>(store_path);
        } catch (const std::exception& e) {
            std::cerr << "archlab-cli: warning: run not recorded: " << e.what() << '\n';
        }
    }
    std::string expected_fingerprint;
    const std::optional<GuidedRun> guided = load_guided_run(labs, o);  // a scenario with steps
    RunRequest request = o.replay   ? replay_request(labs, o, store.get(), &expected_fingerprint)
                         : guided ? guided->plan.request
                                  : build_request(labs, o);
    const std::string lab_id = request.lab->info().id;
    const std::string out_dir = o.out.empty() ? stamped_out_dir(lab_id) : o.out;
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) throw InputError("--out '" + out_dir + "': cannot create the folder: " + ec.message());

    const double total_s = to_s(request.duration);
    const std::uint64_t seed = request.seed;
    RunController run(std::move(request), store.get());
    run.start();  // InputError for a fault naming an unknown node; runtime_error if the cluster fails
    if (guided) {
        try {
            check_guided_columns(*guided, run.series()->columns());
        } catch (const InputError&) {
            run.stop();
            run.wait();
            throw;
        }
    }
    const bool virtual_time = run.time_mode() == TimeMode::Virtual;
    std::cerr << fmt::format("running {} for {:.0f}s, seed {}, {} time{}\n", lab_id, total_s, seed,
                             to_string(run.time_mode()), virtual_time ? ", speed " + format_speed(run.speed()) : "");
    if (virtual_time) {
        std::cerr << "  no sockets in virtual time: redis-cli and curl reach a lab in live time only\n";
    }
    for (const ServiceEndpoint& e : run.endpoints()) {
        std::cerr << fmt::format("  {} {} at {}{}\n", e.node, e.protocol, e.address, e.hint.empty() ? "" : "  (try: " + e.hint + ")");
    }

    const bool tty = platform::stderr_is_terminal();
    bool interrupted = false;
    {  // Ctrl+C stops the run; its results are still written
        const SigintWatch sigint;
        while (!sigint.fired() && !run.finished()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (tty) std::cerr << progress_line(run, total_s) << std::flush;
        }
        interrupted = sigint.fired();
        if (interrupted) run.stop();
        run.wait();
    }
    if (tty) std::cerr << '\n';

    nlohmann::json summary = run.summary();
    if (summary.contains("history") && summary["history"].is_string()) {  // a lab's operation history joins the report
        const std::filesystem::path from = summary["history"].get<std::string>();
        const std::filesystem::path to = std::filesystem::path(out_dir) / "history.edn";
        // A copy: a stored run keeps its own beside the run store (the stored summary names it);
        // a run with --no-store has only this one (the run's data folder goes with the run).
        std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, ec);
        if (!ec) summary["history"] = "history.edn";  // beside summary.json: the same summary wherever the report goes
    }
    const SeriesSnapshot series = run.series()->snapshot();
    if (guided) summary["guide"] = answer_guided_run(*guided, series, summary);
    write_json(summary, out_dir + "/summary.json");
    write_series_csv(series, out_dir + "/series.csv");
    std::size_t charts = 0;
    if (!o.no_charts) {
        use_offscreen_qt();
        QApplication app(argc, argv);
        charts = write_charts(run.charts(), series, out_dir, marks_from_summary(summary)).size();
    }
    std::cout << describe_summary(summary);
    if (guided) std::cout << describe_answers(summary["guide"]);
    int code = interrupted ? 130 : 0;
    if (summary.contains("fingerprint")) {
        const std::string fp = summary["fingerprint"].get<std::string>();
        std::cout << fmt::format("fingerprint: {} ({} trace events)\n", fp, summary.value("trace_events", 0ULL));
        if (o.replay) {
            const bool same = fp == expected_fingerprint;
            std::cout << fmt::format("replay of run #{}: fingerprint {} ({})\n", *o.replay,
                                     same ? "matches" : "DIFFERS", same ? fp : "recorded " + expected_fingerprint);
            if (!same && code == 0) code = 1;
        }
    }
    std::cout << fmt::format("report: {}/ (summary.json, series.csv, {} chart PNGs)\n",
                             std::filesystem::absolute(out_dir).lexically_normal().string(), charts);
    if (guided) store_guide(store.get(), run.run_id(), summary["guide"]);
    if (const std::string failed = run.store_error(); !failed.empty()) {
        // The run and its report are whole; only the store's copy is short.
        std::cerr << "archlab-cli: warning: run store: " << failed << '\n';
    } else if (store && run.run_id() > 0 && scratch_dir.empty()) {
        std::cout << fmt::format("recorded as run #{} in {}\n", run.run_id(), store_path);
    }
    if (!o.bundle.empty()) {
        if (!store || run.run_id() <= 0) {
            std::cerr << "archlab-cli: no bundle: the run was not recorded (the run store could not be opened)\n";
            return code == 0 ? 1 : code;
        }
        // A guided run's answers are in its stored summary already; --guide FILE overrides them.
        const std::string guide_file = o.bundle_guide;
        const BundleOptions bo{o.bundle, guide_file, o.bundle_gif_chart, o.bundle_no_gif};
        const std::uintmax_t size = write_run_bundle(labs, *store, {run.run_id()}, bo);
        std::cout << fmt::format("bundle: {} ({} KiB)\n", o.bundle, (size + 1023) / 1024);
    }
    return code;
}

}  // namespace archlab::cli
