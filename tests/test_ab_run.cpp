// A/B runs (core/lab/ab_run.h): two variants of a virtual lab are deterministic (the same
// fingerprints on repeat), each side is exactly the solo run with its knobs, the two are paced
// together (PaceGroup, and a pair held at one instant), both are recorded with their side, the
// headline figures and their differences come out of the summaries, and a live pair says that
// it shares the machine.
#include <QTemporaryDir>
#include <QTest>

#include <thread>

#include "core/lab/ab_figures.h"
#include "core/lab/ab_pace.h"
#include "core/lab/ab_run.h"
#include "core/store/run_store.h"
#include "labs/register_labs.h"

using namespace archlab;

namespace {
constexpr int kTimeout_ms = 60000;

RunRequest virtual_request(const LabRegistry& labs, const std::string& lab, const char* duration = "4s") {
    RunRequest r;
    r.lab = labs.find(lab);
    r.settings = r.lab->default_settings();
    r.seed = 7;
    r.duration = parse_duration(duration, "duration");
    r.time_mode = TimeMode::Virtual;
    r.faults.push_back(FaultEvent::parse("2s:kill:app-2"));
    return r;
}

Settings with(Settings s, const std::string& knob, const std::string& value) {
    s.set(knob, value);
    return s;
}

std::pair<std::string, std::string> ab_fingerprints(const LabRegistry& labs) {
    RunRequest a = virtual_request(labs, "caching");
    Settings b = with(a.settings, "policy", "lfu");
    AbRun ab(std::move(a), std::move(b), nullptr);
    ab.start();
    ab.wait();
    return {ab.side(AbSide::A)->fingerprint(), ab.side(AbSide::B)->fingerprint()};
}

std::string solo_fingerprint(RunRequest r) {
    RunController run(std::move(r), nullptr);
    run.start();
    run.wait();
    return run.fingerprint();
}
}  // namespace

class TestAbRun : public QObject {
    Q_OBJECT
private slots:
    void virtual_pair_is_deterministic() {
        LabRegistry labs;
        register_all_labs(labs);
        const auto first = ab_fingerprints(labs);
        const auto second = ab_fingerprints(labs);
        QCOMPARE(first.first.size(), std::size_t{16});
        QCOMPARE(second, first);
        QVERIFY2(first.first != first.second, "lru and lfu caches should not run alike");
        // Each side is exactly the run it would be alone.
        QCOMPARE(solo_fingerprint(virtual_request(labs, "caching")), first.first);
        RunRequest b = virtual_request(labs, "caching");
        b.settings.set("policy", "lfu");
        QCOMPARE(solo_fingerprint(std::move(b)), first.second);
    }

    void paced_pair_matches_too() {
        // Paced by the wall clock (10x), both sides still are their solo runs.
        LabRegistry labs;
        register_all_labs(labs);
        RunRequest a = virtual_request(labs, "queueing", "2s");
        a.faults.clear();
        a.speed = 10.0;
        Settings b = with(a.settings, "workers", "3");
        AbRun ab(a, b, nullptr);
        ab.start();
        ab.wait();
        a.speed = kMaxSpeed;
        QCOMPARE(ab.side(AbSide::A)->fingerprint(), solo_fingerprint(a));
        a.settings = b;
        QCOMPARE(ab.side(AbSide::B)->fingerprint(), solo_fingerprint(a));
    }

    void pace_group_bounds_the_lead() {
        const Nanos lead = from_ms(250);
        PaceGroup pace(2, lead);
        QCOMPARE(pace.limit(0), lead);         // B has not moved: A may run one lead ahead
        pace.report(0, from_ms(250));
        QCOMPARE(pace.limit(1), from_ms(500)); // B may pass A by a lead
        QCOMPARE(pace.limit(0), lead);         // A waits for B
        pace.report(1, from_ms(400));
        QCOMPARE(pace.limit(0), from_ms(650));
        pace.report(1, from_ms(100));          // a clock never goes back
        QCOMPARE(pace.limit(0), from_ms(650));
        pace.leave(1);                         // B finished: A runs on alone
        QCOMPARE(pace.limit(0), Nanos::max());
        pace.wait(0, std::chrono::milliseconds(1));  // returns (nothing to wait for)
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PaceGroup(2, Nanos(0)));
    }

    void held_pair_stands_at_one_instant() {
        // Both sides run to 1.5 s and hold there: the same virtual time, the same sample rows.
        LabRegistry labs;
        register_all_labs(labs);
        RunRequest a = virtual_request(labs, "queueing", "10s");
        a.faults.clear();
        a.speed = 0.0;  // held from the start
        AbRun ab(a, with(a.settings, "dispatch", "round-robin"), nullptr);
        ab.start();
        ab.run_to(from_ms(1500), kMaxSpeed);
        QTRY_VERIFY_WITH_TIMEOUT(ab.side(AbSide::A)->elapsed_s() == 1.5 && ab.side(AbSide::B)->elapsed_s() == 1.5 &&
                                     ab.speed() == 0.0 && ab.side(AbSide::B)->speed() == 0.0,
                                 kTimeout_ms);
        QCOMPARE(ab.elapsed_s(), 1.5);
        QTRY_COMPARE_WITH_TIMEOUT(ab.side(AbSide::A)->series()->size(), std::size_t{6}, kTimeout_ms);
        QTRY_COMPARE_WITH_TIMEOUT(ab.side(AbSide::B)->series()->size(), std::size_t{6}, kTimeout_ms);
        QVERIFY(!ab.finished());
        ab.stop();
        ab.wait();
        QVERIFY(ab.finished());
    }

    void no_difference_is_refused() {
        LabRegistry labs;
        register_all_labs(labs);
        RunRequest a = virtual_request(labs, "caching");
        try {
            AbRun ab(a, a.settings, nullptr);
            QFAIL("an A/B run with equal knobs was accepted");
        } catch (const InputError& e) {
            QVERIFY(std::string(e.what()).find("at least one knob") != std::string::npos);
        }
        Settings b = with(with(a.settings, "nodes", "3"), "policy", "lfu");
        QCOMPARE(differing_knobs(a.settings, b), (std::vector<std::string>{"policy", "nodes"}));  // in the lab's order
        QCOMPARE(variant_name(b, differing_knobs(a.settings, b)), std::string("policy=lfu, nodes=3"));
    }

    void both_sides_are_recorded_with_their_figures() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        RunStore store(dir.filePath("runs.sqlite3").toStdString());
        LabRegistry labs;
        register_all_labs(labs);
        RunRequest a = virtual_request(labs, "caching");
        AbRun ab(a, with(a.settings, "policy", "lfu"), &store);
        QCOMPARE(ab.variant(AbSide::A), std::string("policy=lru"));
        QCOMPARE(ab.variant(AbSide::B), std::string("policy=lfu"));
        ab.start();
        ab.wait();
        const std::int64_t ida = ab.side(AbSide::A)->run_id(), idb = ab.side(AbSide::B)->run_id();
        QVERIFY(ida > 0 && idb > ida);
        const nlohmann::json sa = store.load_run(ida)->summary, sb = store.load_run(idb)->summary;
        QCOMPARE(sa.at("ab").at("side").get<std::string>(), std::string("A"));
        QCOMPARE(sa.at("ab").at("variant").get<std::string>(), std::string("policy=lru"));
        QCOMPARE(sb.at("ab").at("side").get<std::string>(), std::string("B"));
        QCOMPARE(sb.at("ab").at("other").get<std::string>(), std::string("policy=lru"));
        QCOMPARE(sb.at("ab").at("partner_run").get<std::int64_t>(), ida);
        QCOMPARE(sb.at("settings").at("policy").get<std::string>(), std::string("lfu"));

        const std::vector<AbFigure> figures = ab_summary_figures(sa, sb);
        QVERIFY(figures.size() >= 5);
        QCOMPARE(figures[0].label, std::string("throughput"));
        QCOMPARE(figures[1].label, std::string("error rate"));
        QCOMPARE(figures[2].label, std::string("latency p99"));
        QCOMPARE(figures[0].a, sa.at("throughput_rps").get<double>());
        QCOMPARE(figures[0].b, sb.at("throughput_rps").get<double>());
        const auto hit = std::find_if(figures.begin(), figures.end(), [](const AbFigure& f) { return f.key == "hit_ratio"; });
        QVERIFY2(hit != figures.end(), "the caching lab's own headline figure is listed");
        QCOMPARE(hit->a, sa.at("hit_ratio").get<double>());
        QVERIFY(hit->better == Better::Higher);
    }

    void figures_read_both_ways() {
        AbFigure f{"latency_ms/p99", "latency p99", "ms", 10.0, 12.0, Better::Lower};
        QCOMPARE(f.delta(), 2.0);
        QCOMPARE(f.relative(), 0.2);
        QCOMPARE(f.b_better(), -1);
        QCOMPARE(format_ab_delta(f), std::string("+2 ms (+20.0%)"));
        AbFigure share{"error_rate", "error rate", "share", 0.010, 0.005, Better::Lower};
        QCOMPARE(share.b_better(), 1);
        QCOMPARE(format_ab_value(share.a, share.unit), std::string("1.00%"));
        QCOMPARE(format_ab_delta(share), std::string("-0.50 pts (-50.0%)"));
        AbFigure missing{"hit_ratio", "hit ratio", "share", std::nan(""), 0.5, Better::Higher};
        QCOMPARE(missing.b_better(), 0);
        QCOMPARE(format_ab_delta(missing), std::string("-"));
        AbFigure noise{"throughput_rps", "throughput", "req/s", 1000.0, 1005.0, Better::Higher};
        QCOMPARE(noise.b_better(), 0);  // under 1%: no side is called better
        noise.b = 1020.0;
        QCOMPARE(noise.b_better(), 1);
        AbFigure busy{"utilisation", "utilisation", "share", 0.2, 0.4, Better::Neither};
        QCOMPARE(busy.b_better(), 0);

        // From the series: means over the same last stretch of both sides; errors as a share.
        const std::vector<std::string> cols = {"throughput_rps", "errors_per_s", "latency_p99_ms"};
        std::deque<SeriesRow> a, b;
        for (int i = 1; i <= 8; ++i) {
            a.push_back({i * 0.25, {100.0, 0.0, 5.0}});
            b.push_back({i * 0.25, {i <= 4 ? 10.0 : 90.0, 10.0, 8.0}});
        }
        const std::vector<AbFigure> s = ab_series_figures(cols, a, cols, b, 1.0);
        QCOMPARE(s[0].key, std::string("throughput_rps"));
        QCOMPARE(s[0].a, 100.0);
        QCOMPARE(s[0].b, 90.0);  // the last second only (t = 1.0 .. 2.0)
        QCOMPARE(s[1].key, std::string("error_rate"));
        QCOMPARE(s[1].a, 0.0);
        QCOMPARE(s[1].b, 0.1);
        QCOMPARE(s[2].b, 8.0);
        // B fails 10% against A's none: its latency is of fewer, faster answers, not a verdict.
        QVERIFY(!s[2].caveat.empty());
        QCOMPARE(s[2].b_better(), 0);
        QVERIFY(s[0].caveat.empty());  // throughput counts answers: B does worse there, plainly
        QCOMPARE(s[0].b_better(), -1);
    }

    void latency_compares_only_at_like_error_rates() {
        nlohmann::json a = {{"throughput_rps", 1000.0}, {"error_rate", 0.0331}, {"latency_ms", {{"p99", 50.0}, {"mean", 9.0}}}};
        nlohmann::json b = {{"throughput_rps", 900.0}, {"error_rate", 0.1275}, {"latency_ms", {{"p99", 30.0}, {"mean", 6.0}}}};
        std::vector<AbFigure> f = ab_summary_figures(a, b);
        QCOMPARE(f[2].label, std::string("latency p99"));
        QCOMPARE(f[2].b_better(), 0);  // it looked better only because a quarter more of B's requests failed
        QVERIFY2(f[2].caveat.find("3.31% in A, 12.75% in B") != std::string::npos, f[2].caveat.c_str());
        QVERIFY(!f[3].caveat.empty());
        QCOMPARE(f[1].b_better(), -1);  // the error rate itself is a verdict
        b["error_rate"] = 0.0380;  // under a point apart: latency compares as it is
        f = ab_summary_figures(a, b);
        QVERIFY(f[2].caveat.empty());
        QCOMPARE(f[2].b_better(), 1);
    }

    void live_pair_says_it_shares_the_machine() {
        LabRegistry labs;
        register_all_labs(labs);
        RunRequest a;
        a.lab = labs.find("queueing");
        a.settings = a.lab->default_settings();
        a.settings.set("arrival_rps", "100");
        a.duration = from_ms(1500);
        a.time_mode = TimeMode::Live;
        AbRun ab(a, with(a.settings, "workers", "2"), nullptr);
        QVERIFY(ab.sharing_text().find("share this machine") != std::string::npos);
        ab.start();
        ab.wait();
        const std::string text = ab.sharing_text();
        QVERIFY2(text.find("share this machine") != std::string::npos, text.c_str());
        QVERIFY2(text.find("A: ") != std::string::npos && text.find("; B: ") != std::string::npos, text.c_str());
        for (AbSide s : {AbSide::A, AbSide::B}) {
            const nlohmann::json sum = ab.side(s)->summary();
            QVERIFY(sum.contains("host_overloaded"));  // each side judged its own keep-up
            const bool flagged = text.find(std::string(to_string(s)) + ": HOST OVERLOADED") != std::string::npos;
            QCOMPARE(flagged, sum.at("host_overloaded").get<bool>());
            QVERIFY(ab.side(s)->fingerprint().empty());
        }
    }
};

QTEST_GUILESS_MAIN(TestAbRun)
#include "test_ab_run.moc"
