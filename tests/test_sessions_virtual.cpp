// The sessions lab run by the RunController in virtual time: equal seeds, settings and faults
// give the same fingerprint, summary and series; nothing listens on a socket; the charts blank a
// dead node; and the cluster grows past what a desktop could run live.
#include <QTest>

#include <cmath>

#include "core/lab/run_controller.h"
#include "input_error.h"
#include "lab_runs.h"
#include "labs/register_labs.h"

using namespace archlab;

namespace {
using Sets = std::vector<std::pair<std::string, std::string>>;

const Lab& sessions_lab() { return lab_test::lab("sessions"); }

RunRequest virtual_request(const Sets& sets, double seconds, const std::vector<std::string>& faults = {},
                           std::uint64_t seed = 7) {
    RunRequest req;
    req.lab = &sessions_lab();
    req.settings = req.lab->default_settings();
    for (const auto& [k, v] : sets) req.settings.set(k, v);
    req.seed = seed;
    req.duration = from_ms(seconds * 1e3);
    req.time_mode = TimeMode::Virtual;
    for (const std::string& f : faults) req.faults.push_back(FaultEvent::parse(f));
    return req;
}

struct Outcome {
    std::string fingerprint;
    nlohmann::json summary;
    SeriesSnapshot series;
};

Outcome run_virtual(const RunRequest& req) {
    RunController run(req, nullptr);
    run.start();
    run.wait();
    return {run.fingerprint(), run.summary(), run.series()->snapshot()};
}

/// Rows equal value for value, NaN equal to NaN (a blank column stays blank).
bool same_rows(const SeriesSnapshot& a, const SeriesSnapshot& b) {
    if (a.columns != b.columns || a.rows.size() != b.rows.size()) return false;
    for (std::size_t r = 0; r < a.rows.size(); ++r) {
        if (a.rows[r].t_s != b.rows[r].t_s || a.rows[r].values.size() != b.rows[r].values.size()) return false;
        for (std::size_t c = 0; c < a.rows[r].values.size(); ++c) {
            const double x = a.rows[r].values[c], y = b.rows[r].values[c];
            if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
        }
    }
    return true;
}
}  // namespace

class TestSessionsVirtual : public QObject {
    Q_OBJECT
private slots:
    void same_seed_same_run_data() {
        QTest::addColumn<QString>("mode");
        for (const char* m : {"local", "sticky", "shared-store", "jwt"}) QTest::newRow(m) << QString(m);
    }
    void same_seed_same_run() {
        QFETCH(QString, mode);
        const RunRequest req = virtual_request({{"session_mode", mode.toStdString()}, {"attack_share", "0.05"}}, 6,
                                               {"2s:kill:node-2", "4s:restart:node-2"});
        const Outcome a = run_virtual(req), b = run_virtual(req);
        QCOMPARE(a.fingerprint.size(), std::size_t{16});
        QCOMPARE(a.fingerprint, b.fingerprint);
        QCOMPARE(a.summary.dump(), b.summary.dump());
        QCOMPARE(a.series.rows.size(), std::size_t{24});  // 4 Hz for 6 s
        QVERIFY(same_rows(a.series, b.series));
        QVERIFY(a.summary["requests"].get<std::uint64_t>() > 500);
        // Another seed is another run.
        const Outcome c = run_virtual(virtual_request({{"session_mode", mode.toStdString()}, {"attack_share", "0.05"}},
                                                      6, {"2s:kill:node-2", "4s:restart:node-2"}, 8));
        QVERIFY(c.fingerprint != a.fingerprint);
    }

    void nothing_listens_in_virtual_time() {
        RunController run(virtual_request({{"session_mode", "shared-store"}}, 2), nullptr);
        run.start();
        QVERIFY(run.endpoints().empty());
        const ClusterView view = run.cluster();
        QCOMPARE(int(view.nodes.size()), 8);  // client, lb, discovery, node-1..4, store: no gateway
        for (const NodeView& n : view.nodes) QVERIFY2(n.endpoint.empty(), n.endpoint.c_str());
        run.wait();
        QVERIFY(!run.summary().contains("front_door"));
    }

    void summary_and_series_say_what_the_framework_does_not() {
        const Outcome o = run_virtual(virtual_request({{"session_mode", "local"}}, 5, {"3s:kill:node-2"}));
        const nlohmann::json& s = o.summary;
        // The headline: served and failed requests, the latency of the served ones.
        QCOMPARE(s["requests"].get<std::uint64_t>(), s["logins"].get<std::uint64_t>() +
                                                         s["browses"].get<std::uint64_t>() -
                                                         s["session_lost"].get<std::uint64_t>() +
                                                         s["errors"].get<std::uint64_t>());
        QVERIFY(s["sent"].get<std::uint64_t>() >= s["requests"].get<std::uint64_t>() + s["session_lost"].get<std::uint64_t>());
        QVERIFY(s["latency_ms"]["p99"].get<double>() > 0.0);
        QCOMPARE(s["session_mode"].get<std::string>(), std::string("local"));
        const double lost = s["session_lost_ratio"].get<double>();
        QVERIFY2(lost > 0.6 && lost < 0.85, qPrintable(QString::number(lost)));
        // Per-node columns: node-2's goes blank once it is dead, the others keep counting.
        const int node2 = o.series.column("rps_node-2"), node1 = o.series.column("rps_node-1");
        const int ratio = o.series.column("session_lost_ratio");
        QVERIFY(node2 >= 0 && node1 >= 0 && ratio >= 0);
        const SeriesRow& before = o.series.rows[8];  // 2.25 s
        const SeriesRow& after = o.series.rows.back();
        QVERIFY(before.values[node2] > 0);
        QVERIFY(std::isnan(after.values[node2]));
        QVERIFY(after.values[node1] > 0);
        QVERIFY(before.values[ratio] > 0.5 && before.values[ratio] < 0.95);
    }

    void a_thousand_nodes_in_virtual_time() {
        const Outcome o = run_virtual(virtual_request({{"nodes", "1000"}, {"session_mode", "shared-store"},
                                                       {"arrival_rps", "5000"}, {"users", "5000"}},
                                                      3, {"2s:kill:node-500"}));
        QVERIFY(o.series.column("rps_node-1") < 0);  // too many to draw one by one: min / mean / max
        QVERIFY(o.series.column("rps_node_max") >= 0);
        QCOMPARE(o.summary["per_node"].size(), std::size_t{1000});
        QCOMPARE(o.summary["session_lost"].get<std::uint64_t>(), 0u);
        QVERIFY(o.summary["requests"].get<std::uint64_t>() > 8000);
        // Live runs keep to what a desktop runs.
        RunRequest live = virtual_request({{"nodes", "1000"}}, 1);
        live.time_mode = TimeMode::Live;
        RunController run(live, nullptr);
        const QString why = input_error([&] { run.start(); });
        QVERIFY2(why.contains("nodes") && why.contains("16"), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestSessionsVirtual)
#include "test_sessions_virtual.moc"
