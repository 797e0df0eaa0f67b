#include "app/cli/ab_command.h"
#include "app/cli/sigint_watch.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "app/cli/cli_output.h"
#include "core/lab/ab_figures.h"
#include "core/lab/ab_run.h"
#include "core/platform/terminal.h"
#include "core/store/run_store.h"

namespace archlab::cli {

namespace {

void apply_sets(Settings& settings, const std::vector<std::string>& sets, const char* option) {
    for (const std::string& set : sets) {
        const auto eq = set.find('=');
        if (eq == std::string::npos || eq == 0) throw InputError(std::string(option) + " '" + set + "': expected KNOB=VALUE");
        try {
            settings.set(set.substr(0, eq), set.substr(eq + 1));
        } catch (const InputError& e) {
            throw InputError(std::string(option) + " '" + set + "': " + e.what());
        }
    }
}

/// The figures as a table: one line per figure, A, B and B - A, with a word on which is better.
std::string figures_table(const AbRun& ab, const std::vector<AbFigure>& figures) {
    const std::string a = "A (" + ab.variant(AbSide::A) + ")", b = "B (" + ab.variant(AbSide::B) + ")";
    const std::size_t w = std::max<std::size_t>({18, a.size() + 2, b.size() + 2});
    std::string out = fmt::format("{:<22}{:<{}}{:<{}}{}\n", "", a, w, b, w, "B - A");
    for (const AbFigure& f : figures) {
        const int better = f.b_better();
        out += fmt::format("{:<22}{:<{}}{:<{}}{}{}\n", f.label, format_ab_value(f.a, f.unit), w, format_ab_value(f.b, f.unit), w,
                           format_ab_delta(f),
                           better > 0   ? "  B better"
                           : better < 0 ? "  A better"
                           : !f.caveat.empty() ? "  not comparable: " + f.caveat
                                               : std::string());
    }
    return out;
}

void write_side(const RunController& run, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    write_json(run.summary(), (dir / "summary.json").string());
    write_series_csv(run.series()->snapshot(), (dir / "series.csv").string());
}
}  // namespace

int ab_lab(const LabRegistry& labs, const AbOptions& o) {
    RunRequest a = build_request(labs, o.run);
    apply_sets(a.settings, o.a_sets, "--a");
    Settings b_settings = a.settings;
    apply_sets(b_settings, o.b_sets, "--b");
    if (o.b_sets.empty()) throw InputError("ab: give B at least one knob that differs from A: --b KNOB=VALUE");
    check_time_mode_limits(a.settings, a.time_mode);
    check_time_mode_limits(b_settings, a.time_mode);

    std::unique_ptr<RunStore> store;
    std::string store_path;
    if (!o.run.no_store) {
        store_path = o.run.store.empty() ? RunStore::default_path() : o.run.store;
        try {
            store = std::make_unique<RunStore>(store_path);
        } catch (const std::exception& e) {
            std::cerr << "archlab-cli: warning: runs not recorded: " << e.what() << '\n';
        }
    }
    const double total_s = to_s(a.duration);
    const std::string lab_id = a.lab->info().id;
    AbRun ab(std::move(a), std::move(b_settings), store.get());
    ab.start();
    std::cerr << fmt::format("A/B of {} for {:.0f}s, seed {}, {} time{}\n  A: {}\n  B: {}\n", lab_id, total_s, ab.seed(),
                             to_string(ab.time_mode()), ab.time_mode() == TimeMode::Virtual ? ", speed " + format_speed(ab.speed()) : "",
                             ab.variant(AbSide::A), ab.variant(AbSide::B));

    const bool tty = platform::stderr_is_terminal();
    bool interrupted = false;
    {  // Ctrl+C stops the run; its results are still written
        const SigintWatch sigint;
        while (!sigint.fired() && !ab.finished()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (tty) {
                std::cerr << fmt::format("\r  A {:5.1f}s  B {:5.1f}s / {:.0f}s   ", ab.side(AbSide::A)->elapsed_s(),
                                         ab.side(AbSide::B)->elapsed_s(), total_s)
                          << std::flush;
            }
        }
        interrupted = sigint.fired();
        if (interrupted) ab.stop();
        ab.wait();
    }
    if (tty) std::cerr << '\n';

    const RunController& ra = *ab.side(AbSide::A);
    const RunController& rb = *ab.side(AbSide::B);
    std::cout << ab.sharing_text() << '\n';
    std::cout << figures_table(ab, ab_summary_figures(ra.summary(), rb.summary()));
    int code = interrupted ? 130 : 0;
    if (ab.time_mode() == TimeMode::Virtual) {
        std::cout << fmt::format("fingerprint A: {}  B: {}\n", ra.fingerprint(), rb.fingerprint());
    }
    if (!o.run.out.empty()) {
        const std::filesystem::path out = o.run.out;
        write_side(ra, out / "A");
        write_side(rb, out / "B");
        nlohmann::json figures = nlohmann::json::array();
        for (const AbFigure& f : ab_summary_figures(ra.summary(), rb.summary())) {
            const auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
            figures.push_back({{"key", f.key}, {"label", f.label}, {"unit", f.unit}, {"a", num(f.a)}, {"b", num(f.b)},
                               {"delta", num(f.delta())}, {"relative", num(f.relative())}});
        }
        write_json({{"lab", lab_id},
                    {"seed", ab.seed()},
                    {"time_mode", to_string(ab.time_mode())},
                    {"differs", ab.differs()},
                    {"a", {{"variant", ab.variant(AbSide::A)}, {"run_id", ra.run_id()}}},
                    {"b", {{"variant", ab.variant(AbSide::B)}, {"run_id", rb.run_id()}}},
                    {"figures", figures}},
                   (out / "ab.json").string());
        std::cout << fmt::format("report: {}/ (ab.json, A/ and B/ with summary.json and series.csv)\n",
                                 std::filesystem::absolute(out).lexically_normal().string());
    }
    for (const RunController* r : {&ra, &rb}) {
        if (const std::string failed = r->store_error(); !failed.empty()) {
            std::cerr << "archlab-cli: warning: run store: " << failed << '\n';
        }
    }
    if (store && ra.run_id() > 0 && rb.run_id() > 0) {
        std::cout << fmt::format("recorded as runs #{} (A) and #{} (B) in {}\n", ra.run_id(), rb.run_id(), store_path);
    }
    return code;
}

}  // namespace archlab::cli
