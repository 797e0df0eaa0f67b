#include "core/bundle/bundle_store.h"

#include <algorithm>

#include "core/bundle/zip_archive.h"

#include "core/lab/default_charts.h"
#include "core/lab/lab_registry.h"
#include "core/lab/run_controller.h"
#include "core/store/kept_history.h"
#include "core/store/run_store.h"

namespace archlab {

BundledRun bundled_run_from_store(RunStore& store, std::int64_t id, const LabRegistry& labs) {
    std::optional<RunRecord> rec = store.load_run(id);
    if (!rec) throw InputError("the run store has no run #" + std::to_string(id));
    BundledRun r;
    r.record = std::move(*rec);
    r.series = store.load_series(id);
    r.topology = store.load_topology(id);
    r.faults = store.load_faults(id);
    r.events = store.load_events(id);
    // The run's kept operation history travels inside, and the bundle's summary names it there.
    const nlohmann::json history = r.record.summary.is_object() ? r.record.summary.value("history", nlohmann::json()) : nlohmann::json();
    if (history.is_string()) {
        try {
            r.files.push_back({kBundleHistory, read_file_bytes(history.get<std::string>())});
            r.record.summary["history"] = kBundleHistory;
        } catch (const InputError&) {  // gone (a run from before histories were kept): the bundle goes without
        }
    }
    if (const Lab* lab = labs.find(r.record.lab)) {
        r.lab_title = lab->info().title;
        r.explain = lab->info().explain;
        Settings settings = lab->default_settings();
        if (r.record.settings.is_object()) {
            for (const auto& [knob, value] : r.record.settings.items()) {
                try {
                    settings.set_json(knob, value);
                } catch (const std::exception&) {  // a knob this build no longer takes: its default
                }
            }
        }
        r.charts = charts_for(*lab, settings);
        const ChartSpec host = host_keep_up_chart();
        if (!host.series.empty() && r.series.column(host.series.front()) >= 0) r.charts.push_back(host);
    }
    return r;
}

std::vector<std::int64_t> import_bundle(RunStore& store, const RunBundle& bundle, const std::string& origin) {
    std::vector<std::int64_t> ids;
    for (const BundledRun& r : bundle.runs) {
        ImportedRun in;
        in.record = r.record;
        in.record.origin = origin;
        in.series = r.series;
        in.topology = r.topology;
        in.faults = r.faults;
        in.events = r.events;
        const std::int64_t id = store.import_run(in);
        ids.push_back(id);
        // The bundle's history is kept beside this store like one recorded here.
        const auto history = std::find_if(r.files.begin(), r.files.end(), [](const BundleFile& f) { return f.name == kBundleHistory; });
        if (history != r.files.end()) {
            const std::string kept = kept_history_path(store, id);
            if (write_kept_file(kept, std::string(history->bytes.begin(), history->bytes.end())).empty()) {
                nlohmann::json summary = in.record.summary;
                summary["history"] = kept;
                store.set_summary(id, summary);
            }
        }
    }
    return ids;
}

std::string bundle_creator() { return std::string("archlab ") + ARCHLAB_VERSION; }

}  // namespace archlab
