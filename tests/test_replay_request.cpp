// A stored virtual run asked for again (core/lab/replay_request.h): the request rebuilt from its
// summary gives the same fingerprint, with a fault and a live knob change at their exact
// instants; so does a replay held at a pause point and then let go, or stepped. Summaries that
// cannot be replayed exactly are refused with a reason.
#include <QTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "core/lab/lab_registry.h"
#include "core/lab/replay_request.h"
#include "core/lab/run_controller.h"
#include "labs/register_labs.h"

using namespace archlab;

namespace {
constexpr int kTimeout_ms = 60000;

const LabRegistry& labs() {
    static const LabRegistry registry = [] {
        LabRegistry r;
        register_all_labs(r);
        return r;
    }();
    return registry;
}

/// The queueing lab, 2 s of virtual time: worker-2 paused at 0.7 s, the arrival rate raised at 1.1 s.
RunRequest original() {
    const Lab* lab = labs().find("queueing");
    RunRequest r;
    r.lab = lab;
    r.settings = lab->default_settings();
    r.settings.set("arrival_rps", "800");
    r.seed = 42;
    r.duration = from_ms(2000);
    r.time_mode = TimeMode::Virtual;
    FaultEvent pause = FaultEvent::parse("700ms:pause:worker-2");
    r.faults.push_back(pause);
    r.knob_changes.push_back({from_ms(1100), "arrival_rps", "1200"});
    return r;
}

nlohmann::json run(RunRequest r) {
    RunController c(std::move(r), nullptr);
    c.start();
    c.wait();
    return c.summary();
}

QString error_of(const nlohmann::json& summary) {
    try {
        request_from_summary(labs(), summary);
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}
}  // namespace

class TestReplayRequest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { summary_ = run(original()); }

    void summary_rebuilds_the_request() {
        QVERIFY(replayable(summary_));
        const RunRequest r = request_from_summary(labs(), summary_);
        QCOMPARE(r.lab, labs().find("queueing"));
        QCOMPARE(r.seed, std::uint64_t{42});
        QCOMPARE(r.duration, from_ms(2000));
        QVERIFY(r.time_mode == TimeMode::Virtual);
        QCOMPARE(r.settings.get_double("arrival_rps"), 800.0);  // the initial value; the change comes at its time
        QCOMPARE(r.faults.size(), std::size_t{1});
        QCOMPARE(r.faults[0].at, from_ms(700));
        QCOMPARE(QString::fromStdString(r.faults[0].action), QStringLiteral("pause"));
        QCOMPARE(QString::fromStdString(r.faults[0].target), QStringLiteral("worker-2"));
        QCOMPARE(r.knob_changes.size(), std::size_t{1});
        QCOMPARE(r.knob_changes[0].at, from_ms(1100));
        QCOMPARE(QString::fromStdString(r.knob_changes[0].value), QStringLiteral("1200"));
        QCOMPARE(r.pause_at, Nanos(-1));
        QCOMPARE(r.speed, kMaxSpeed);
    }

    void replay_gives_the_same_fingerprint() {
        const nlohmann::json again = run(request_from_summary(labs(), summary_));
        QCOMPARE(QString::fromStdString(again["fingerprint"].get<std::string>()),
                 QString::fromStdString(summary_["fingerprint"].get<std::string>()));
        for (const char* key : {"faults", "knob_changes", "requests", "latency_ms"}) {
            QVERIFY2(again[key] == summary_[key], (std::string(key) + ": " + again[key].dump() + " vs " + summary_[key].dump()).c_str());
        }
    }

    void held_and_stepped_replay_gives_the_same_fingerprint() {
        RunRequest r = request_from_summary(labs(), summary_);
        r.pause_at = from_ms(1250);
        RunController c(std::move(r), nullptr);
        c.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.speed() == 0.0 && c.elapsed_s() == 1.25, kTimeout_ms);
        QVERIFY(!c.finished());
        // A step: on by one sample, held again.
        c.run_to(from_ms(1500), kMaxSpeed);
        QTRY_VERIFY_WITH_TIMEOUT(c.speed() == 0.0 && c.elapsed_s() == 1.5, kTimeout_ms);
        QVERIFY(!c.finished());
        c.set_speed(kMaxSpeed);
        c.wait();
        QCOMPARE(QString::fromStdString(c.fingerprint()), QString::fromStdString(summary_["fingerprint"].get<std::string>()));
    }

    // A hold at the instant of a fault and of a sample comes after the sample and before the
    // fault (a guided step's end, where the next step's faults begin): held at 0.75 s the row
    // ending there is taken and worker-2 is not paused yet. Let go, the run is the run that was
    // never held: the same fingerprint and the same rows, value for value.
    void a_hold_comes_before_the_fault_due_then() {
        RunRequest unheld = original();
        unheld.faults[0].at = from_ms(750);  // on a sample (4 per second)
        RunController plain(unheld, nullptr);
        plain.start();
        plain.wait();
        RunRequest r = unheld;
        r.pause_at = from_ms(750);
        RunController held(std::move(r), nullptr);
        held.start();
        QTRY_VERIFY_WITH_TIMEOUT(held.speed() == 0.0 && held.elapsed_s() == 0.75, kTimeout_ms);
        const auto faulted = [](const RunController& c) {
            const std::vector<RunEvent> events = c.events();
            return std::any_of(events.begin(), events.end(), [](const RunEvent& e) { return e.text.rfind("fault: ", 0) == 0; });
        };
        QVERIFY(!faulted(held));
        const std::size_t rows_at_hold = held.series()->snapshot().rows.size();
        QVERIFY(rows_at_hold > 0);
        QCOMPARE(held.series()->snapshot().rows.back().t_s, 0.75);  // the row ending at the hold is taken
        held.set_speed(kMaxSpeed);
        held.wait();
        QVERIFY(faulted(held));
        QCOMPARE(QString::fromStdString(held.fingerprint()), QString::fromStdString(plain.fingerprint()));
        const SeriesSnapshot a = plain.series()->snapshot();
        const SeriesSnapshot b = held.series()->snapshot();
        QCOMPARE(a.rows.size(), b.rows.size());
        for (std::size_t i = 0; i < a.rows.size(); ++i) {
            QCOMPARE(a.rows[i].t_s, b.rows[i].t_s);
            QCOMPARE(a.rows[i].values.size(), b.rows[i].values.size());
            for (std::size_t k = 0; k < a.rows[i].values.size(); ++k) {
                const double x = a.rows[i].values[k], y = b.rows[i].values[k];
                QVERIFY2((std::isnan(x) && std::isnan(y)) || x == y,
                         qPrintable(QStringLiteral("row %1 column %2: %3 vs %4").arg(i).arg(QString::fromStdString(a.columns[k])).arg(x).arg(y)));
            }
        }
    }

    void only_virtual_runs_replay() {
        nlohmann::json live = summary_;
        live["time_mode"] = "live";
        live.erase("fingerprint");
        QVERIFY(!replayable(live));
        QVERIFY2(error_of(live).contains(QStringLiteral("virtual")), qPrintable(error_of(live)));
        QVERIFY(error_of(nlohmann::json()).contains(QStringLiteral("virtual")));
        nlohmann::json other = summary_;
        other["lab"] = "no-such-lab";
        QVERIFY2(error_of(other).contains(QStringLiteral("no-such-lab")) && error_of(other).contains(QStringLiteral("queueing")),
                 qPrintable(error_of(other)));
        nlohmann::json broken = summary_;
        broken["faults"] = nlohmann::json::array({{{"action", "pause"}}});
        QVERIFY2(error_of(broken).contains(QStringLiteral("incomplete")), qPrintable(error_of(broken)));
    }

private:
    nlohmann::json summary_;
};

QTEST_GUILESS_MAIN(TestReplayRequest)
#include "test_replay_request.moc"
