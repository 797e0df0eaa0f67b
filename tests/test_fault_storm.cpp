// The seeded fault storm (core/lab/fault_storm.h): the same seed gives the same timeline, one
// fault every 1-2 s, damage bounded while it lasts, everything repaired before the end; its cast
// is a lab's own nodes (no clients) and the links that carry traffic; and a lab under a storm in
// virtual time repeats its fingerprint.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

#include "core/lab/fault_storm.h"
#include "lab_runs.h"

using namespace archlab;
using namespace std::chrono_literals;

namespace {

StormCast six_nodes() {
    StormCast c;
    for (const char* n : {"lb", "w1", "w2", "w3", "w4", "db"}) c.nodes.push_back({n, n[0] == 'w' ? "worker" : n});
    c.links = {{"lb", "w1"}, {"w1", "lb"}, {"w1", "db"}, {"db", "w1"}};
    c.actions = {LabAction{"flush", "Flush", "empty it", {"db"}}};
    return c;
}

struct CliResult {
    int code = -1;
    QString out, err;
};

CliResult cli(const QStringList& args) {
    QProcess p;
    p.start(ARCHLAB_CLI_PATH, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

std::string text(const std::vector<FaultEvent>& storm) {
    std::string out;
    for (const FaultEvent& f : storm) out += f.to_string() + "\n";
    return out;
}

}  // namespace

class TestFaultStorm : public QObject {
    Q_OBJECT
private slots:
    void same_seed_same_storm() {
        const auto a = fault_storm(six_nodes(), 120s, 7), b = fault_storm(six_nodes(), 120s, 7);
        QCOMPARE(text(a), text(b));
        QVERIFY(text(a) != text(fault_storm(six_nodes(), 120s, 8)));
    }

    void one_fault_every_one_to_two_seconds() {
        const auto storm = fault_storm(six_nodes(), 120s, 3);
        std::vector<Nanos> times;
        for (const FaultEvent& f : storm) {
            if (times.empty() || times.back() != f.at) times.push_back(f.at);
        }
        QVERIFY(times.size() >= 55 && times.size() <= 116);  // 115 s of storm, plus the final repair
        QVERIFY(times.front() >= 1s && times.front() <= 2s);
        for (std::size_t i = 1; i + 1 < times.size(); ++i) {
            const Nanos gap = times[i] - times[i - 1];
            QVERIFY2(gap >= 999ms && gap <= 2001ms, qPrintable(QString::number(to_s(gap))));
        }
        QVERIFY(times.back() == 115s);  // everything repaired 5 s before the end
    }

    void every_entry_is_a_valid_timeline_entry() {
        for (const FaultEvent& f : fault_storm(six_nodes(), 60s, 11)) {
            const FaultEvent back = FaultEvent::parse(f.to_string());
            QCOMPARE(back.to_string(), f.to_string());
        }
    }

    void damage_is_bounded_and_repaired() {
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            std::set<std::string> down, paused, slowed, cut, links;
            std::map<std::string, int> kinds;
            for (const FaultEvent& f : fault_storm(six_nodes(), 90s, seed)) {
                ++kinds[f.action];
                if (f.action == "kill") QVERIFY(down.insert(f.target).second);
                else if (f.action == "restart" && down.count(f.target)) down.erase(f.target);
                else if (f.action == "pause") QVERIFY(paused.insert(f.target).second);
                else if (f.action == "resume") QVERIFY(paused.erase(f.target) == 1);
                else if (f.action == "slow") QVERIFY(slowed.insert(f.target).second);
                else if (f.action == "unslow") QVERIFY(slowed.erase(f.target) == 1);
                else if (f.action == "partition") QVERIFY(cut.insert(f.target).second);
                else if (f.action == "heal") QVERIFY(cut.erase(f.target) == 1);
                else if (f.action == "heal-link") QVERIFY(links.erase(f.target) == 1);
                else if (is_link_action(f.action) || f.action == "cut") QVERIFY(links.insert(f.target).second);
                // A third of six nodes at most, three links at most, at any time.
                QVERIFY(down.size() + paused.size() + slowed.size() + cut.size() <= 2);
                QVERIFY(links.size() <= 3);
            }
            QVERIFY(down.empty() && paused.empty() && slowed.empty() && cut.empty() && links.empty());
            if (seed == 1) QVERIFY(kinds.size() >= 8);  // a storm, not one fault over and over
        }
    }

    void too_short_a_run_has_no_storm() { QVERIFY(fault_storm(six_nodes(), 5s, 1).empty()); }

    void cast_of_a_lab_leaves_its_client_alone() {
        const Lab& lab = lab_test::lab("queueing");
        const StormCast cast = storm_cast(lab, lab.default_settings(), {"db"});
        std::set<std::string> names;
        for (const auto& m : cast.nodes) names.insert(m.name);
        QCOMPARE(names, (std::set<std::string>{"lb", "worker-1", "worker-2", "worker-3", "worker-4"}));
        QVERIFY(!cast.links.empty());
        for (const auto& [a, b] : cast.links) QVERIFY(a != "db" && b != "db");  // spared, links too
        QVERIFY(std::count(cast.links.begin(), cast.links.end(), std::make_pair(std::string("client"), std::string("lb"))) == 1);
    }

    void cli_prints_the_storm_run_uses() {
        const CliResult a = cli({"storm", "sessions", "--duration", "40s", "--seed", "4", "--spare", "store"});
        QCOMPARE(a.code, 0);
        const QStringList lines = a.out.split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 15);
        for (const QString& l : lines) {
            QCOMPARE(QString::fromStdString(FaultEvent::parse(l.toStdString()).to_string()), l);
            QVERIFY2(!l.contains(":store") && !l.contains("store:") && !l.contains(">store"), qPrintable(l));
        }
        QCOMPARE(cli({"storm", "sessions", "--duration", "40s", "--seed", "4", "--spare", "store"}).out, a.out);
        const CliResult bad = cli({"storm", "sessions", "--spare", "nope"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("no such node"), qPrintable(bad.err));
        // run --storm puts the same timeline into the run.
        const CliResult run = cli({"run", "sessions", "--time", "virtual", "--duration", "40s", "--seed", "4", "--storm", "4",
                                   "--spare", "store", "--no-store", "--no-charts", "--out", dir_.path() + "/run"});
        QCOMPARE(run.code, 0);
        QFile f(dir_.path() + "/run/summary.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto summary = nlohmann::json::parse(f.readAll().toStdString());
        QCOMPARE(summary["faults"].size(), static_cast<std::size_t>(lines.size()));
    }

    void a_lab_under_a_storm_repeats_in_virtual_time() {
        const Lab& lab = lab_test::lab("caching");
        const auto storm = fault_storm(storm_cast(lab, lab.default_settings()), 30s, 5);
        QVERIFY(storm.size() > 10);
        std::vector<std::string> faults;
        for (const FaultEvent& f : storm) faults.push_back(f.to_string());
        const auto a = lab_test::run_virtual("caching", {}, 30, faults, 5);
        const auto b = lab_test::run_virtual("caching", {}, 30, faults, 5);
        QCOMPARE(a.fingerprint, b.fingerprint);
        QCOMPARE(a.summary["faults"].size(), storm.size());
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestFaultStorm)
#include "test_fault_storm.moc"
