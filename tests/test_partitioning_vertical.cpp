// The partitioning lab's vertical layout in virtual time, through the RunController as the CLI
// runs it: requests that need one domain make no cross-service call, place-order makes two and
// order-history one; each service serves exactly the calls the mix sends it; the mix itself is
// followed; knobs and actions of the horizontal layout are refused, not ignored; exact repeats.
// Shares of the mix: with n requests a type of weight p has a standard deviation of
// sqrt(p(1-p)/n), 0.012 for p = 0.4 and n = 1600; the bound, 0.05, is 4 of them.
#include <QTest>

#include <cmath>

#include "lab_runs.h"
#include "labs/partitioning/layout_knobs.h"

using lab_test::run_virtual;
using lab_test::Sets;

namespace {
QString dump(const nlohmann::json& j) { return QString::fromStdString(j.dump()); }

Sets vertical(Sets more = {}) {
    more.insert(more.begin(), {"layout", "vertical"});
    return more;
}

/// Requests served by a service, by id.
double served(const nlohmann::json& s, const std::string& service) {
    for (const auto& p : s["per_service"]) {
        if (p["id"] == service) return p["requests"].get<double>();
    }
    return -1.0;
}

double issued(const nlohmann::json& s, const std::string& type) {
    return s["requests_by_type"][type]["issued"].get<double>();
}

/// The message of the InputError that building a run with these knobs throws ("" when none).
std::string refusal(const Sets& sets) {
    try {
        lab_test::run(lab_test::request("partitioning", sets, 1));
    } catch (const archlab::InputError& e) {
        return e.what();
    }
    return {};
}
}  // namespace

class TestPartitioningVertical : public QObject {
    Q_OBJECT
private slots:
    void single_domain_requests_make_no_cross_service_call() {
        const auto r = run_virtual("partitioning", vertical({{"mix", "50,50,0,0"}}), 3);
        const nlohmann::json& s = r.summary;
        QVERIFY2(s["requests_ok"].get<int>() > 500, qPrintable(dump(s)));
        QCOMPARE(s["cross_service_calls"].get<int>(), 0);
        QCOMPARE(s["cross_service_calls_per_request"].get<double>(), 0.0);
        QCOMPARE(served(s, "orders"), 0.0);
        QCOMPARE(served(s, "users"), issued(s, "get-user"));
        QCOMPARE(served(s, "catalog"), issued(s, "get-product"));
        QCOMPARE(s["errors"].get<int>(), 0);
    }

    void place_order_calls_users_and_catalog_and_writes_the_order() {
        const auto r = run_virtual("partitioning", vertical({{"mix", "0,0,1,0"}, {"keys", "400"}}), 3);
        const nlohmann::json& s = r.summary;
        const int orders = s["requests_ok"].get<int>();
        QVERIFY2(orders > 500, qPrintable(dump(s)));
        QCOMPARE(s["cross_service_calls_per_request"].get<double>(), 2.0);
        QCOMPARE(s["cross_service_calls"].get<int>(), 2 * orders);
        QCOMPARE(served(s, "users"), double(orders));
        QCOMPARE(served(s, "catalog"), double(orders));
        QCOMPARE(served(s, "orders"), double(orders));
        // The orders table: one preloaded order per user (200) and one per request placed.
        QCOMPARE(s["per_service"][1]["keys"].get<int>(), 200 + orders);
        QCOMPARE(s["not_found"].get<int>(), 0);
    }

    void order_history_calls_the_catalog_once() {
        const auto r = run_virtual("partitioning", vertical({{"mix", "0,0,0,1"}}), 3);
        const nlohmann::json& s = r.summary;
        QVERIFY2(s["requests_ok"].get<int>() > 500, qPrintable(dump(s)));
        QCOMPARE(s["cross_service_calls_per_request"].get<double>(), 1.0);
        QCOMPARE(served(s, "users"), 0.0);
        QCOMPARE(served(s, "orders"), served(s, "catalog"));
    }

    void each_service_serves_what_the_mix_sends_it() {
        const auto r = run_virtual("partitioning", vertical(), 4);
        const nlohmann::json& s = r.summary;
        QCOMPARE(s["errors"].get<int>(), 0);
        const double gu = issued(s, "get-user"), gp = issued(s, "get-product"), po = issued(s, "place-order"),
                     oh = issued(s, "order-history"), n = gu + gp + po + oh;
        QVERIFY2(n > 1400, qPrintable(dump(s)));
        QCOMPARE(served(s, "users"), gu + po);
        QCOMPARE(served(s, "catalog"), gp + po + oh);
        QCOMPARE(served(s, "orders"), po + oh);
        QVERIFY2(std::abs(gu / n - 0.4) < 0.05 && std::abs(gp / n - 0.3) < 0.05, qPrintable(dump(s)));
        QVERIFY2(std::abs(po / n - 0.2) < 0.05 && std::abs(oh / n - 0.1) < 0.05, qPrintable(dump(s)));
        const auto& t = s["requests_by_type"];
        QCOMPARE(t["get-user"]["cross_service_calls_per_request"].get<double>(), 0.0);
        QCOMPARE(t["get-product"]["cross_service_calls_per_request"].get<double>(), 0.0);
        QCOMPARE(t["place-order"]["cross_service_calls_per_request"].get<double>(), 2.0);
        QCOMPARE(t["order-history"]["cross_service_calls_per_request"].get<double>(), 1.0);
        QCOMPARE(s["cross_service_calls_per_request"].get<double>(), (2 * po + oh) / n);
        // A join costs round trips: place-order waits for two calls and a write, get-user for one read.
        QVERIFY2(t["place-order"]["latency_ms"]["p50"].get<double>() > t["get-user"]["latency_ms"]["p50"].get<double>(),
                 qPrintable(dump(t)));
        // The series column follows the summary.
        const auto& cols = r.series.columns;
        QVERIFY(std::find(cols.begin(), cols.end(), "cross_service_calls") != cols.end());
        QVERIFY(std::find(cols.begin(), cols.end(), "requests_catalog") != cols.end());
    }

    void a_dead_catalog_fails_what_needs_it_only() {
        const auto r = run_virtual("partitioning", vertical(), 6, {"1s:kill:catalog"});
        const nlohmann::json& s = r.summary;
        QVERIFY2(s["errors"].get<int>() > 0, qPrintable(dump(s)));
        const auto& t = s["requests_by_type"];
        QCOMPARE(t["get-user"]["ok"].get<int>(), t["get-user"]["issued"].get<int>());
        QVERIFY2(t["place-order"]["ok"].get<int>() < t["place-order"]["issued"].get<int>(), qPrintable(dump(t)));
    }

    void horizontal_knobs_and_actions_are_refused() {
        QVERIFY(refusal(vertical({{"strategy", "range"}})).find("strategy=range does not apply with layout=vertical") !=
                std::string::npos);
        QVERIFY(refusal(vertical({{"shards", "8"}})).find("shards=8 does not apply") != std::string::npos);
        QVERIFY(refusal(vertical({{"migrate_rate", "50"}})).find("migrate_rate=50") != std::string::npos);
        QVERIFY(refusal(vertical({{"key_dist", "sequential"}})).find("key_dist=sequential") != std::string::npos);
        QVERIFY(refusal({{"mix", "1,1,1,1"}}).find("applies only with layout=vertical") != std::string::npos);
        QCOMPARE(refusal(vertical({{"key_dist", "zipf"}, {"keys", "100"}})), std::string());

        archlab::RunController run(lab_test::request("partitioning", vertical(), 2, {"1s:add-shard"}), nullptr);
        run.start();
        run.wait();
        bool refused = false;
        for (const auto& e : run.events()) refused |= e.text.find("add-shard does not apply with layout=vertical") != std::string::npos;
        QVERIFY(refused);
    }

    void mix_is_checked_as_it_is_typed() {
        archlab::Settings s = lab_test::lab("partitioning").default_settings();
        QVERIFY_THROWS_EXCEPTION(archlab::InputError, s.set("mix", "1,2,3"));
        QVERIFY_THROWS_EXCEPTION(archlab::InputError, s.set("mix", "1,2,x,4"));
        QVERIFY_THROWS_EXCEPTION(archlab::InputError, s.set("mix", "0,0,0,0"));
        QVERIFY_THROWS_EXCEPTION(archlab::InputError, s.set("mix", "1,-2,3,4"));
        s.set("mix", "1, 2, 3, 4");
        s.set("layout", "vertical");
        QCOMPARE(archlab::partlab::checked_layout(s), std::string("vertical"));
    }

    void repeats_exactly() {
        const auto a = run_virtual("partitioning", vertical({{"key_dist", "zipf"}}), 3, {"1s:kill:users", "2s:restart:users"});
        const auto b = run_virtual("partitioning", vertical({{"key_dist", "zipf"}}), 3, {"1s:kill:users", "2s:restart:users"});
        QVERIFY(!a.fingerprint.empty());
        QCOMPARE(a.fingerprint, b.fingerprint);
        QVERIFY(lab_test::same_rows(a.series, b.series));
        QCOMPARE(dump(a.summary["per_service"]), dump(b.summary["per_service"]));
        const auto c = run_virtual("partitioning", vertical({{"key_dist", "zipf"}}), 3, {"1s:kill:users", "2s:restart:users"}, 8);
        QVERIFY(a.fingerprint != c.fingerprint);
    }
};

QTEST_GUILESS_MAIN(TestPartitioningVertical)
#include "test_partitioning_vertical.moc"
