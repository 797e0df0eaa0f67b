// Run bundles: a virtual run exported from one run store, written as a bundle, read back and
// imported into another store gives the same summary, series (to the bit), topology, faults and
// event log, and replays there with the same fingerprint; an A/B pair survives too; the HTML
// report parses as XML and refers to nothing outside itself; damaged or foreign files get one
// clear error naming the file, the entry and the line.
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>

#include "core/bundle/bundle_codec.h"
#include "core/bundle/bundle_io.h"
#include "core/bundle/bundle_store.h"
#include "core/bundle/zip_archive.h"
#include "core/lab/replay_request.h"
#include "core/lab/scenario.h"
#include "core/lab/scenario_request.h"
#include "core/report/chart_plot.h"
#include "core/report/html_report.h"
#include "core/report/spike_cap.h"
#include "core/report/svg_chart.h"
#include "core/store/run_store.h"
#include "lab_runs.h"

using namespace archlab;
using lab_test::registry;

namespace {

/// Runs a short virtual queueing run with a fault and a knob change, recorded in `store`.
std::int64_t record_run(RunStore& store, std::uint64_t seed, const std::string& arrival_rps) {
    RunRequest req = lab_test::request("queueing", {{"arrival_rps", arrival_rps}}, 3.0, {"1s:kill:worker-2", "2s:restart:worker-2"}, seed);
    req.knob_changes.push_back({from_ms(1500), "arrival_rps", "900"});
    RunController run(req, &store);
    run.start();
    run.wait();
    return run.run_id();
}

/// Same values to the bit where finite, both missing where one is.
bool same_series(const SeriesSnapshot& a, const SeriesSnapshot& b) {
    if (a.columns != b.columns || a.rows.size() != b.rows.size()) return false;
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        if (std::memcmp(&a.rows[i].t_s, &b.rows[i].t_s, sizeof(double)) != 0) return false;
        if (a.rows[i].values.size() != b.rows[i].values.size()) return false;
        for (std::size_t c = 0; c < a.rows[i].values.size(); ++c) {
            const double x = a.rows[i].values[c], y = b.rows[i].values[c];
            if (std::isnan(x) != std::isnan(y)) return false;
            if (!std::isnan(x) && std::memcmp(&x, &y, sizeof x) != 0) return false;
        }
    }
    return true;
}

/// The error message of reading these bytes as a bundle ("" when it reads).
QString read_error(std::vector<unsigned char> bytes) {
    try {
        read_bundle_bytes(std::move(bytes), "x.archlab");
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

std::vector<unsigned char> bytes_of(const QString& path) { return read_file_bytes(path.toStdString()); }

/// A bundle rewritten with every entry kept, but `entry` replaced (or removed when `text` is null).
std::vector<unsigned char> with_entry(const QString& dir, const std::vector<unsigned char>& bundle, const std::string& entry,
                                      const std::optional<std::string>& text, bool compress = true) {
    const ZipReader in(bundle, "in");
    const QString out_path = dir + "/rewritten.archlab";
    ZipWriter out(out_path.toStdString());
    for (const std::string& name : in.names()) {
        if (name == entry) continue;
        out.add(name, *in.read(name));
    }
    if (text) out.add(entry, *text, compress);
    out.close();
    return bytes_of(out_path);
}

}  // namespace

class TestBundle : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<RunStore> here_;      ///< where the runs are recorded
    std::int64_t a_ = 0, b_ = 0;          ///< a recorded run, and a second one with another load
    QString bundle_;                      ///< the bundle of run a_
    std::vector<unsigned char> bytes_;    ///< its bytes

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        here_ = std::make_unique<RunStore>((dir_.path() + "/here.sqlite3").toStdString());
        a_ = record_run(*here_, 7, "1200");
        b_ = record_run(*here_, 7, "1600");
        QVERIFY(a_ > 0 && b_ > 0);
        RunBundle bundle;
        bundle.created_by = bundle_creator();
        bundle.runs.push_back(bundled_run_from_store(*here_, a_, registry()));
        bundle_ = dir_.path() + "/run.archlab";
        write_bundle(bundle, bundle_.toStdString());
        bytes_ = bytes_of(bundle_);
    }

    void the_event_log_is_stored_with_the_run() {
        const std::vector<StoredEvent> events = here_->load_events(a_);
        QVERIFY(events.size() >= 4);
        QVERIFY(events.front().text.starts_with("run started: queueing"));
        QVERIFY(events.back().text.starts_with("run finished, fingerprint "));
        bool kill = false, knob = false;
        for (const StoredEvent& e : events) {
            kill = kill || (e.text == "fault: kill worker-2" && std::abs(e.t_s - 1.0) < 1e-9);
            knob = knob || e.text == "knob arrival_rps = 900";
        }
        QVERIFY(kill);
        QVERIFY(knob);
    }

    void export_then_import_gives_the_same_run() {
        const RunBundle read = read_bundle(bundle_.toStdString());
        QCOMPARE(read.runs.size(), std::size_t{1});
        RunStore there((dir_.path() + "/there.sqlite3").toStdString());
        const std::vector<std::int64_t> ids = import_bundle(there, read, "run.archlab");
        QCOMPARE(ids.size(), std::size_t{1});

        const RunRecord from = *here_->load_run(a_), to = *there.load_run(ids[0]);
        QCOMPARE(to.lab, from.lab);
        QCOMPARE(to.seed, from.seed);
        QCOMPARE(to.status, from.status);
        QCOMPARE(to.started_at, from.started_at);
        QCOMPARE(to.settings, from.settings);
        QVERIFY(to.summary == from.summary);
        QCOMPARE(to.origin, std::string("run.archlab"));
        QVERIFY(from.origin.empty());
        QVERIFY(same_series(there.load_series(ids[0]), here_->load_series(a_)));
        QVERIFY(!here_->load_series(a_).rows.empty());

        const StoredTopology t0 = here_->load_topology(a_), t1 = there.load_topology(ids[0]);
        QVERIFY(!t0.rows.empty());
        QCOMPARE(t1.nodes.size(), t0.nodes.size());
        QCOMPARE(t1.rows.size(), t0.rows.size());
        for (std::size_t i = 0; i < t0.rows.size(); ++i) {
            QCOMPARE(t1.rows[i].t_s, t0.rows[i].t_s);
            QCOMPARE(t1.rows[i].states, t0.rows[i].states);
            QVERIFY(t1.rows[i].links == t0.rows[i].links);
        }
        const auto f0 = here_->load_faults(a_), f1 = there.load_faults(ids[0]);
        QCOMPARE(f1.size(), f0.size());
        QCOMPARE(f1.size(), std::size_t{2});
        for (std::size_t i = 0; i < f0.size(); ++i) {
            QCOMPARE(f1[i].at_s, f0[i].at_s);
            QCOMPARE(f1[i].action, f0[i].action);
            QCOMPARE(f1[i].target, f0[i].target);
        }
        const auto e0 = here_->load_events(a_), e1 = there.load_events(ids[0]);
        QCOMPARE(e1.size(), e0.size());
        for (std::size_t i = 0; i < e0.size(); ++i) QCOMPARE(e1[i].text, e0[i].text);
    }

    void an_imported_virtual_run_replays_with_its_fingerprint() {
        RunStore there((dir_.path() + "/replay.sqlite3").toStdString());
        const std::int64_t id = import_bundle(there, read_bundle(bundle_.toStdString()), "run.archlab").front();
        const RunRecord rec = *there.load_run(id);
        QVERIFY(replayable(rec.summary));
        const std::string recorded = rec.summary.at("fingerprint").get<std::string>();
        QCOMPARE(recorded.size(), std::size_t{16});
        RunController replay(request_from_summary(registry(), rec.summary), nullptr);
        replay.start();
        replay.wait();
        QCOMPARE(replay.fingerprint(), recorded);
    }

    void the_scenario_file_in_the_bundle_runs_the_same_run() {
        // The file as the bundle carries it, not scenario_of() called here.
        const std::optional<std::string> text = ZipReader(bytes_, "run.archlab").read("run-1/scenario.json");
        QVERIFY(text);
        const nlohmann::json sc = nlohmann::json::parse(*text);
        QCOMPARE(sc.at("lab").get<std::string>(), std::string("queueing"));
        QCOMPARE(sc.at("duration").get<std::string>(), std::string("3s"));
        QCOMPARE(sc.at("faults").size(), std::size_t{2});
        QCOMPARE(sc.at("faults")[0].at("at").get<std::string>(), std::string("1s"));
        QCOMPARE(sc.at("knob_changes").size(), std::size_t{1});
        QCOMPARE(sc.at("knob_changes")[0].at("at").get<std::string>(), std::string("1500ms"));

        const Scenario parsed = Scenario::parse(*text, "scenario.json");
        RunRequest req = request_from_scenario(*registry().find("queueing"), parsed);
        req.time_mode = TimeMode::Virtual;
        QCOMPARE(req.knob_changes.size(), std::size_t{1});
        RunController again(req, nullptr);
        again.start();
        again.wait();
        const std::string recorded = here_->load_run(a_)->summary.at("fingerprint").get<std::string>();
        QCOMPARE(again.fingerprint(), recorded);
    }

    void a_scenario_refuses_a_knob_change_that_cannot_be_made_live() {
        const Lab& queueing = *registry().find("queueing");
        const auto error = [&](const std::string& text) -> QString {
            try {
                request_from_scenario(queueing, Scenario::parse(text, "s.json"));
            } catch (const InputError& e) {
                return QString::fromStdString(e.what());
            }
            return {};
        };
        QVERIFY(error(R"({"lab": "queueing", "knob_changes": [{"at": "1s", "knob": "arrival_rps", "value": 900}]})").isEmpty());
        const QString unknown = error(R"({"lab": "queueing", "knob_changes": [{"at": "1s", "knob": "arrival", "value": 900}]})");
        QVERIFY2(unknown.startsWith("s.json:1:"), qPrintable(unknown));
        const QString not_live = error(R"({"lab": "queueing", "knob_changes": [{"at": "1s", "knob": "workers", "value": 8}]})");
        QVERIFY2(not_live.contains("not a live knob"), qPrintable(not_live));
        const QString field = error(R"({"lab": "queueing", "knob_changes": [{"at": "1s", "knob": "arrival_rps", "valu": 9}]})");
        QVERIFY2(field.contains("knob change 1: unknown field 'valu'"), qPrintable(field));
        const QString guided = error(R"({"lab": "queueing", "title": "t", "steps": [{"title": "a", "duration": "1s"}],)"
                                     R"( "knob_changes": []})");
        QVERIFY2(guided.contains("field 'knob_changes'"), qPrintable(guided));
    }

    void an_ab_pair_round_trips() {
        RunBundle pair;
        pair.runs.push_back(bundled_run_from_store(*here_, a_, registry()));
        pair.runs.push_back(bundled_run_from_store(*here_, b_, registry()));
        pair.guide = {{"title", "Guided: the knee"},
                      {"steps", {{{"title", "Raise the load"}, {"question", "p99 at 1600 req/s?"}, {"unit", "ms"},
                                  {"guess", 8}, {"measured", 11.5}, {"why", "queueing grows as 1/(1-rho)"}}}}};
        const QString path = dir_.path() + "/pair.archlab";
        write_bundle(pair, path.toStdString());
        const RunBundle read = read_bundle(path.toStdString());
        QCOMPARE(read.runs.size(), std::size_t{2});
        QVERIFY(same_series(read.runs[1].series, here_->load_series(b_)));
        QVERIFY(read.guide == pair.guide);
        const std::string html = html_report(read);
        QVERIFY(html.find("B − A") != std::string::npos);
        QVERIFY(html.find("kill worker-2 (A, B)") != std::string::npos);   // one marker for a fault both runs had
        QVERIFY(html.find("Raise the load") != std::string::npos);
        QVERIFY(html.find("11.5 ms") != std::string::npos);
        QVERIFY(html.find("8 ms") != std::string::npos);
    }

    void a_guide_recorded_in_the_summary_is_carried_and_reported() {
        RunBundle b = read_bundle(bundle_.toStdString());
        QVERIFY(b.guide.is_null());
        QVERIFY(html_report(b).find("id=\"guide\"") == std::string::npos);   // no guide, no section
        b.runs[0].record.summary["guide"] = {{"title", "Kill a worker"},
                                             {"steps", {{{"title", "Before the kill"}, {"question", "p99 after the kill?"},
                                                         {"text", "Kill it **5 ms** in, see `worker-2`."},
                                                         {"unit", "ms"}, {"guess", 20}, {"measured", 9.4}}}}};
        const QString path = dir_.path() + "/guided.archlab";
        write_bundle(b, path.toStdString());
        const RunBundle read = read_bundle(path.toStdString());
        QVERIFY(read.guide == b.runs[0].record.summary["guide"]);   // written out as guide.json too
        const std::string html = html_report(read);
        QVERIFY(html.find("Kill a worker") != std::string::npos);
        QVERIFY(html.find("p99 after the kill?") != std::string::npos);
        QVERIFY(html.find("20 ms") != std::string::npos && html.find("9.4 ms") != std::string::npos);
        // The step's Markdown as markup, not as stars and backticks.
        QVERIFY(html.find("<p>Kill it <strong>5 ms</strong> in, see <code>worker-2</code>.</p>") != std::string::npos);
        QVERIFY(html.find("**") == std::string::npos);
    }

    void the_html_report_is_well_formed_and_self_contained() {
        const RunBundle read = read_bundle(bundle_.toStdString());
        QVERIFY(!read.report_html.empty());
        QCOMPARE(read.report_html, html_report(read));   // the stored report is the one the data makes
        const std::string& html = read.report_html;
        QXmlStreamReader xml(QByteArray::fromStdString(html));
        int svgs = 0, polylines = 0, markers = 0;
        QStringList refs;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) continue;
            const QString name = xml.name().toString();
            if (name == QLatin1String("svg")) ++svgs;
            if (name == QLatin1String("polyline") && xml.attributes().value(QLatin1String("points")).split(QLatin1Char(' ')).size() > 2) ++polylines;
            if (name == QLatin1String("g") && xml.attributes().value(QLatin1String("class")) == QLatin1String("marker")) ++markers;
            QVERIFY2(name != QLatin1String("script") && name != QLatin1String("link") && name != QLatin1String("img") &&
                         name != QLatin1String("iframe") && name != QLatin1String("object"),
                     qPrintable(name));
            for (const QXmlStreamAttribute& a : xml.attributes()) {
                const QString n = a.name().toString();
                if (n == QLatin1String("src") || n == QLatin1String("href") || n.startsWith(QLatin1String("on"))) refs << n;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(QStringLiteral("%1 at line %2 column %3")
                                                 .arg(xml.errorString())
                                                 .arg(xml.lineNumber())
                                                 .arg(xml.columnNumber())));
        QVERIFY2(refs.isEmpty(), qPrintable(refs.join(QLatin1Char(','))));
        QCOMPARE(svgs, static_cast<int>(read.runs[0].charts.size()));
        QVERIFY(svgs >= 3);
        QVERIFY(polylines >= svgs);   // every chart draws at least one line
        QVERIFY(markers >= 2 * svgs); // the kill and the restart on every chart (and the knob change)
        for (const char* outside : {"http:", "https:", "file:", "url(", "@import", "//"}) {
            QVERIFY2(html.find(outside) == std::string::npos, outside);
        }
        // What the report must say.
        QVERIFY(html.find(read.runs[0].fingerprint()) != std::string::npos);
        QVERIFY(html.find("kill worker-2") != std::string::npos);
        QVERIFY(html.find("Queueing and latency") != std::string::npos);
        QVERIFY(html.find("Things to try") != std::string::npos);   // the explain text
        QVERIFY(html.find("arrival_rps") != std::string::npos);     // the settings
    }

    void text_from_a_run_is_escaped_in_the_report() {
        RunBundle b = read_bundle(bundle_.toStdString());
        b.runs[0].events.push_back({2.5, "<script>alert('x')</script> & \x01 \xff"});
        const std::string html = html_report(b);
        QVERIFY(html.find("<script>") == std::string::npos);
        QVERIFY(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;") != std::string::npos);
        QXmlStreamReader xml(QByteArray::fromStdString(html));
        while (!xml.atEnd()) xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    }

    void chart_ticks_are_round_and_lines_break_at_gaps() {
        const std::vector<double> t = nice_ticks(0.0, 9.7, 6);
        QCOMPARE(t.front(), 0.0);
        QVERIFY(t.back() >= 9.7);
        QCOMPARE(t[1] - t[0], 2.0);
        SeriesSnapshot s;
        s.columns = {"v"};
        for (int i = 0; i < 10; ++i) s.rows.push_back({i * 0.25, {i == 4 || i == 5 ? std::nan("") : double(i)}});
        const auto segments = thin_column(s, 0, 100);
        QCOMPARE(segments.size(), std::size_t{2});
        QCOMPARE(segments[0].back().first, 0.75);
        QCOMPARE(segments[1].front().first, 1.5);
    }

    void a_chart_of_an_index_names_its_values() {
        // Replication's "primary" chart: the report drew 0 .. 1.25, not which node led.
        ChartSpec spec;
        spec.id = "primary";
        spec.title = "Primary";
        spec.series = {"primary"};
        spec.levels = {"primary", "replica-1", "replica-2"};
        const ChartSpec back = chart_from_json(chart_to_json(spec), "run.json");
        QVERIFY(back.levels == spec.levels);  // carried through a bundle
        SeriesSnapshot s;
        s.columns = {"primary"};
        for (int i = 0; i < 8; ++i) s.rows.push_back({i * 0.5, {i < 4 ? 0.0 : 1.0}});
        const ChartPlot plot = make_chart_plot(back, {PlotRun{&s, {}, ""}});
        QCOMPARE(plot.y.ticks.size(), std::size_t{3});
        QCOMPARE(plot.y.tick_label(1), std::string("replica-1"));
        const std::string svg = chart_svg(plot);
        QVERIFY(svg.find(">replica-2</text>") != std::string::npos);
        QVERIFY(svg.find(">1.25</text>") == std::string::npos);
        spec.levels.clear();  // a plain number axis keeps its numbers
        const ChartPlot numbers = make_chart_plot(spec, {PlotRun{&s, {}, ""}});
        QVERIFY(numbers.y.labels.empty());
        QCOMPARE(numbers.y.tick_label(1), tick_text(numbers.y.ticks[1], numbers.y.ticks[1] - numbers.y.ticks[0]));
    }

    void a_brief_spike_is_drawn_off_the_scale() {
        // Replication's lag chart: replicas near 190 ms, a node back from a restart at 9451 ms
        // for two samples. The axis fits the replicas, the note names the spike.
        QVERIFY(!spike_cap({1, 2, 3}));  // too few values to judge
        std::vector<double> flat(40, 190.0);
        QVERIFY(!spike_cap(flat));       // nothing stands out
        flat[10] = 9451;
        flat[11] = 4846;
        QCOMPARE(spike_cap(flat).value_or(-1), 190.0);
        ChartSpec spec;
        spec.id = "lag_ms";
        spec.title = "Replication lag";
        spec.unit = "ms";
        spec.series = {"lag_ms_primary", "lag_ms_replica_1"};
        spec.spikes_off_scale = true;
        SeriesSnapshot s;
        s.columns = spec.series;
        for (int i = 0; i < 40; ++i) s.rows.push_back({i * 0.25, {i == 20 ? 9451.0 : 185.0 + i % 7, 190.0}});
        const ChartSpec back = chart_from_json(chart_to_json(spec), "run.json");
        QVERIFY(back.spikes_off_scale);
        const ChartPlot plot = make_chart_plot(back, {PlotRun{&s, {}, ""}});
        QVERIFY2(plot.y.max < 400, std::to_string(plot.y.max).c_str());
        QVERIFY2(plot.note.find("Off the scale: ") != std::string::npos && plot.note.find("9451 ms at 5.0 s") != std::string::npos,
                 plot.note.c_str());
        spec.spikes_off_scale = false;  // a chart that does not ask keeps the spike on its scale
        QVERIFY(make_chart_plot(spec, {PlotRun{&s, {}, ""}}).y.max >= 9451);
    }

    void a_file_that_is_not_a_bundle_says_so() {
        const QString e = read_error({'h', 'e', 'l', 'l', 'o'});
        QVERIFY2(e.startsWith(QLatin1String("x.archlab: not an ArchLab bundle (")), qPrintable(e));
        QVERIFY2(read_error({}).startsWith(QLatin1String("x.archlab: not an ArchLab bundle")), qPrintable(read_error({})));
        try {
            read_bundle((dir_.path() + "/missing.archlab").toStdString());
            QFAIL("read a file that is not there");
        } catch (const InputError& ex) {
            QVERIFY2(QString::fromStdString(ex.what()).contains(QLatin1String("missing.archlab: cannot read")), ex.what());
        }
    }

    void a_zip_without_a_manifest_is_not_a_bundle() {
        const QString e = read_error(with_entry(dir_.path(), bytes_, "manifest.json", std::nullopt));
        QCOMPARE(e, QStringLiteral("x.archlab: not an ArchLab bundle (a zip archive without manifest.json)"));
    }

    void a_newer_bundle_version_is_refused() {
        const std::string manifest = R"({"format": "archlab-bundle", "version": 99, "runs": ["run-1"]})";
        const QString e = read_error(with_entry(dir_.path(), bytes_, "manifest.json", manifest));
        QVERIFY2(e.contains(QLatin1String("manifest.json: made by a newer ArchLab (bundle version 99")), qPrintable(e));
    }

    void a_missing_or_malformed_entry_is_named_with_its_line() {
        QCOMPARE(read_error(with_entry(dir_.path(), bytes_, "run-1/series.csv", std::nullopt)),
                 QStringLiteral("x.archlab: run-1/series.csv is missing"));
        QCOMPARE(read_error(with_entry(dir_.path(), bytes_, "run-1/series.csv", std::string("t_s,a,b\n0.25,1,2\n0.5,1\n"))),
                 QStringLiteral("x.archlab: run-1/series.csv:3: 2 values, the header names 3"));
        QCOMPARE(read_error(with_entry(dir_.path(), bytes_, "run-1/series.csv", std::string("t_s,a\n0.25,x1\n"))),
                 QStringLiteral("x.archlab: run-1/series.csv:2: a 'x1' is not a number"));
        const QString json = read_error(with_entry(dir_.path(), bytes_, "run-1/run.json", std::string("{\"lab\": ")));
        QVERIFY2(json.startsWith(QLatin1String("x.archlab: run-1/run.json: not valid JSON: ")), qPrintable(json));
        QCOMPARE(read_error(with_entry(dir_.path(), bytes_, "run-1/run.json", std::string(R"({"lab": "queueing", "seed": "7"})"))),
                 QStringLiteral("x.archlab: run-1/run.json: 'seed' has the wrong type (string)"));
        const QString topo = read_error(with_entry(dir_.path(), bytes_, "run-1/topology.json",
                                                   std::string(R"({"nodes": [["a", "b"]], "rows": [[0.25, "uu", ""]]})")));
        QCOMPARE(topo, QStringLiteral("x.archlab: run-1/topology.json: row 1: 2 node states for 1 nodes"));
    }

    void damaged_data_is_caught_by_its_checksum() {
        // series.csv stored uncompressed, then one byte of it changed inside the archive.
        std::vector<unsigned char> bytes = with_entry(dir_.path(), bytes_, "run-1/series.csv",
                                                      *ZipReader(bytes_, "b").read("run-1/series.csv"), false);
        const std::string header = "t_s,";
        auto at = std::search(bytes.begin(), bytes.end(), header.begin(), header.end());
        QVERIFY(at != bytes.end());
        at[1] = 'X';
        const QString e = read_error(bytes);
        QVERIFY2(e.startsWith(QLatin1String("x.archlab: run-1/series.csv: damaged (")), qPrintable(e));
    }

    void a_truncated_bundle_is_refused() {
        std::vector<unsigned char> half(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(bytes_.size() / 2));
        const QString e = read_error(half);
        QVERIFY2(e.startsWith(QLatin1String("x.archlab: not an ArchLab bundle (")), qPrintable(e));
    }
};

QTEST_GUILESS_MAIN(TestBundle)
#include "test_bundle.moc"
