#include "core/bundle/bundle_io.h"

#include <algorithm>

#include "core/bundle/bundle_codec.h"
#include "core/bundle/zip_archive.h"
#include "core/lab/settings.h"
#include "core/report/chart_plot.h"
#include "core/report/html_report.h"
#include "core/report/svg_chart.h"

namespace archlab {

namespace {
std::string run_folder(std::size_t i) { return "run-" + std::to_string(i + 1); }

/// A file name a run's picture may have: relative, no "..", no backslash or drive.
bool safe_entry_name(const std::string& name) {
    if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos || name.find(':') != std::string::npos) return false;
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t slash = std::min(name.find('/', start), name.size());
        const std::string part = name.substr(start, slash - start);
        if (part.empty() || part == "." || part == "..") return false;
        start = slash + 1;
    }
    return true;
}

bool already_compressed(const std::string& name) { return name.ends_with(".png") || name.ends_with(".gif"); }
}  // namespace

void write_bundle(const RunBundle& bundle, const std::string& path, const std::function<void(double)>& progress) {
    if (bundle.runs.empty() || bundle.runs.size() > 2) {
        throw InputError(path + ": a bundle holds one run or an A/B pair, not " + std::to_string(bundle.runs.size()));
    }
    ZipWriter zip(path);
    nlohmann::json folders = nlohmann::json::array();
    for (std::size_t i = 0; i < bundle.runs.size(); ++i) {
        const BundledRun& r = bundle.runs[i];
        const std::string dir = run_folder(i) + "/";
        folders.push_back(run_folder(i));
        zip.add(dir + "run.json", run_to_json(r).dump(2) + "\n");
        zip.add(dir + "scenario.json", scenario_of(r).dump(2) + "\n");
        zip.add(dir + "summary.json", r.record.summary.dump(2) + "\n");
        zip.add(dir + "series.csv", series_to_csv(r.series));
        zip.add(dir + "events.json", events_to_json(r.events).dump(1) + "\n");
        zip.add(dir + "faults.json", faults_to_json(r.faults).dump(1) + "\n");
        zip.add(dir + "topology.json", topology_to_json(r.topology).dump() + "\n");
        const std::vector<PlotRun> plot_runs = {{&r.series, run_markers(r), ""}};
        for (const ChartSpec& c : r.charts) {
            if (!safe_entry_name(c.id)) continue;
            zip.add(dir + "charts/" + c.id + ".svg", chart_svg(make_chart_plot(c, plot_runs)) + "\n");
        }
        for (const BundleFile& f : r.files) {
            if (!safe_entry_name(f.name)) throw InputError(path + ": '" + f.name + "' is not a file name a bundle can hold");
            zip.add(dir + f.name, std::string(f.bytes.begin(), f.bytes.end()), !already_compressed(f.name));
        }
    }
    const nlohmann::json guide = bundle_guide(bundle);
    const bool guided = guide.is_object();
    if (guided) zip.add("guide.json", guide.dump(2) + "\n");
    zip.add("report.html", html_report(bundle));
    const nlohmann::json manifest = {{"format", kBundleFormat},
                                     {"version", kBundleVersion},
                                     {"created_by", bundle.created_by},
                                     {"runs", folders},
                                     {"guide", guided}};
    zip.add("manifest.json", manifest.dump(2) + "\n");
    zip.close(progress);
}

RunBundle read_bundle(const std::string& path) { return read_bundle_bytes(read_file_bytes(path), path); }

RunBundle read_bundle_bytes(std::vector<unsigned char> bytes, const std::string& name) {
    const ZipReader zip(std::move(bytes), name);
    const auto need = [&](const std::string& entry) {
        std::optional<std::string> text = zip.read(entry);
        if (!text) throw InputError(name + ": " + entry + " is missing");
        return std::move(*text);
    };
    const auto json_entry = [&](const std::string& entry) { return parse_bundle_json(need(entry), name + ": " + entry); };

    if (!zip.has("manifest.json")) throw InputError(name + ": not an ArchLab bundle (a zip archive without manifest.json)");
    const nlohmann::json manifest = json_entry("manifest.json");
    const std::string where = name + ": manifest.json";
    if (!manifest.is_object() || manifest.value("format", nlohmann::json()) != kBundleFormat) {
        throw InputError(where + ": not an ArchLab bundle (format is not \"" + kBundleFormat + "\")");
    }
    const nlohmann::json version = manifest.value("version", nlohmann::json());
    if (!version.is_number_integer()) throw InputError(where + ": 'version' is missing or not a whole number");
    if (version.get<std::int64_t>() > kBundleVersion) {
        throw InputError(where + ": made by a newer ArchLab (bundle version " + version.dump() + ", this build reads up to " +
                         std::to_string(kBundleVersion) + ")");
    }
    const nlohmann::json folders = manifest.value("runs", nlohmann::json());
    if (!folders.is_array() || folders.empty() || folders.size() > 2) {
        throw InputError(where + ": 'runs' must list one or two run folders");
    }
    RunBundle b;
    b.created_by = manifest.value("created_by", nlohmann::json("")).is_string() ? manifest.value("created_by", std::string()) : "";
    for (const nlohmann::json& folder : folders) {
        if (!folder.is_string() || !safe_entry_name(folder.get<std::string>())) throw InputError(where + ": a run folder name is not valid");
        const std::string dir = folder.get<std::string>() + "/";
        BundledRun r;
        run_from_json(json_entry(dir + "run.json"), name + ": " + dir + "run.json", r);
        r.record.summary = json_entry(dir + "summary.json");
        if (!r.record.summary.is_object() && !r.record.summary.is_null()) {
            throw InputError(name + ": " + dir + "summary.json: expected an object");
        }
        r.series = series_from_csv(need(dir + "series.csv"), name + ": " + dir + "series.csv");
        if (zip.has(dir + "events.json")) r.events = events_from_json(json_entry(dir + "events.json"), name + ": " + dir + "events.json");
        if (zip.has(dir + "faults.json")) r.faults = faults_from_json(json_entry(dir + "faults.json"), name + ": " + dir + "faults.json");
        if (zip.has(dir + "topology.json")) {
            r.topology = topology_from_json(json_entry(dir + "topology.json"), name + ": " + dir + "topology.json");
        }
        for (const std::string& entry : zip.names()) {
            if (!entry.starts_with(dir) || (!already_compressed(entry) && entry != dir + kBundleHistory)) continue;
            const std::string text = need(entry);
            r.files.push_back({entry.substr(dir.size()), std::vector<unsigned char>(text.begin(), text.end())});
        }
        b.runs.push_back(std::move(r));
    }
    if (zip.has("guide.json")) b.guide = json_entry("guide.json");
    if (auto html = zip.read("report.html")) b.report_html = std::move(*html);
    return b;
}

}  // namespace archlab
