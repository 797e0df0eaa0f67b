#include "app/cli/bundle_command.h"

#include <QApplication>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/cli/offscreen_qt.h"
#include "core/bundle/bundle_io.h"
#include "core/bundle/bundle_store.h"
#include "core/bundle/zip_archive.h"
#include "core/report/html_report.h"
#include "core/store/run_store.h"
#include "views/bundle_pictures.h"
#include "views/run_animation.h"

namespace archlab::cli {

namespace {
std::unique_ptr<RunStore> open_store(const std::string& path) {
    const std::string p = path.empty() ? RunStore::default_path() : path;
    try {
        return std::make_unique<RunStore>(p);
    } catch (const std::exception& e) {
        throw InputError(std::string("run store: ") + e.what());
    }
}

void write_text(const std::string& path, const std::string& text, const char* what) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw InputError(std::string(what) + " '" + path + "': cannot write");
}

nlohmann::json read_guide(const std::string& path) {
    if (path.empty()) return nullptr;
    const std::vector<unsigned char> bytes = read_file_bytes(path);
    try {
        nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end());
        if (!j.is_object()) throw InputError("--guide '" + path + "': expected a JSON object");
        return j;
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError("--guide '" + path + "': not valid JSON: " + e.what());
    }
}

std::string describe(const BundledRun& r) {
    return fmt::format("{}, seed {}, {} time, {:.1f} s{}", r.record.lab, r.record.seed, r.time_mode(), r.record.duration_s,
                       r.fingerprint().empty() ? "" : ", fingerprint " + r.fingerprint());
}
}  // namespace

std::unique_ptr<QApplication> offscreen_app() {
    if (QApplication::instance()) return nullptr;
    use_offscreen_qt();
    static int qt_argc = 1;
    static char qt_name[] = "archlab-cli";
    static char* qt_argv[] = {qt_name, nullptr};
    return std::make_unique<QApplication>(qt_argc, qt_argv);
}

std::uintmax_t write_run_bundle(const LabRegistry& labs, RunStore& store, const std::vector<std::int64_t>& ids,
                                const BundleOptions& o) {
    if (ids.empty() || ids.size() > 2) throw InputError("a bundle holds one run or an A/B pair (two run ids)");
    RunBundle bundle;
    bundle.created_by = bundle_creator();
    bundle.guide = read_guide(o.guide);
    const std::unique_ptr<QApplication> app = offscreen_app();
    for (std::int64_t id : ids) {
        BundledRun r = bundled_run_from_store(store, id, labs);
        if (r.record.status == "running") throw InputError(fmt::format("run #{} is still running: export it once it has finished", id));
        add_bundle_pictures(r, !o.no_gif, o.gif_chart);
        bundle.runs.push_back(std::move(r));
    }
    write_bundle(bundle, o.bundle);
    return std::filesystem::file_size(o.bundle);
}

int export_bundle(const LabRegistry& labs, const ExportOptions& o) {
    if (o.out.bundle.empty()) throw InputError("export: give --bundle FILE");
    const std::unique_ptr<RunStore> store = open_store(o.store);
    const std::uintmax_t size = write_run_bundle(labs, *store, o.runs, o.out);
    std::string runs;
    for (std::int64_t id : o.runs) runs += (runs.empty() ? "#" : " and #") + std::to_string(id);
    std::cout << fmt::format("bundle: {} (run {}, {} KiB)\n", o.out.bundle, runs, (size + 1023) / 1024);
    return 0;
}

int import_bundle_file(const ImportOptions& o) {
    const RunBundle bundle = read_bundle(o.bundle);
    const std::unique_ptr<RunStore> store = open_store(o.store);
    const std::string origin = std::filesystem::path(o.bundle).filename().string();
    const std::vector<std::int64_t> ids = import_bundle(*store, bundle, origin);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const BundledRun& r = bundle.runs[i];
        std::cout << fmt::format("imported run #{} ({}) as run #{}\n", r.record.id, describe(r), ids[i]);
        if (!r.fingerprint().empty()) std::cout << fmt::format("  replay it: archlab-cli run --replay {}\n", ids[i]);
    }
    return 0;
}

int report_bundle(const ReportOptions& o) {
    if (o.html.empty() && o.gif.empty()) throw InputError("report: give --html OUT (and/or --gif OUT)");
    const RunBundle bundle = read_bundle(o.bundle);
    if (!o.html.empty()) {
        write_text(o.html, html_report(bundle), "--html");
        std::cout << "report: " << o.html << '\n';
    }
    if (!o.gif.empty()) {
        const std::unique_ptr<QApplication> app = offscreen_app();
        AnimationOptions options;
        options.chart_id = o.chart;
        const std::vector<unsigned char> gif = run_animation_gif(bundle.runs.front(), options);
        write_text(o.gif, std::string(gif.begin(), gif.end()), "--gif");
        std::cout << "animation: " << o.gif << '\n';
    }
    return 0;
}

}  // namespace archlab::cli
