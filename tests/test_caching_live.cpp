// The caching lab on the live runtime: real threads and 127.0.0.1 sockets. Checks what a
// person relies on, never how fast the machine is: the run answers reads from the cache, the
// clients' hit counts equal the cache's own counters, the summary has its fields, live knobs
// and the flush fault apply.
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "core/lab/fault_event.h"
#include "labs/register_labs.h"

using namespace archlab;

namespace {
/// Sends one RESP command to 127.0.0.1:port and returns the reply bytes (blocking, short).
std::string redis_command(int port, const std::string& frame) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string reply;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::send(fd, frame.data(), frame.size(), 0) == static_cast<ssize_t>(frame.size())) {
        timeval tv{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char buf[65536];
        // Bulk replies announce their length; read until the whole reply is in.
        for (;;) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            reply.append(buf, static_cast<std::size_t>(n));
            if (reply.size() > 1 && reply[0] != '$' && reply.find("\r\n") != std::string::npos) break;
            if (reply[0] == '$') {
                const auto eol = reply.find("\r\n");
                if (eol != std::string::npos) {
                    const long len = std::stol(reply.substr(1, eol - 1));
                    if (len < 0 || reply.size() >= eol + 2 + static_cast<std::size_t>(len) + 2) break;
                }
            }
        }
    }
    ::close(fd);
    return reply;
}

/// The number after "field:" in an INFO reply; -1 when absent.
long long info_field(const std::string& info, const std::string& field) {
    const auto at = info.find(field + ":");
    if (at == std::string::npos) return -1;
    return std::stoll(info.substr(at + field.size() + 1));
}
}  // namespace

class TestCachingLive : public QObject {
    Q_OBJECT
private slots:
    void short_live_run() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("caching");
        QVERIFY(lab);
        Settings s = lab->default_settings();
        s.set("arrival_rps", "300");
        s.set("keys", "500");
        s.set("nodes", "2");
        s.set("db_latency_ms", "1");
        auto run = lab->create(s, 1);
        run->start();
        Runtime& rt = run->runtime();
        QCOMPARE(int(rt.node_count()), 6);  // client, lb, app-1, app-2, cache, db
        QVERIFY(rt.lookup("cache") != kNoNode);
        for (NodeIndex i = 0; i < rt.node_count(); ++i) {
            QVERIFY2(QString::fromStdString(rt.endpoint(i)).startsWith("127.0.0.1:"), rt.endpoint(i).c_str());
        }
        std::vector<double> values(run->series_columns().size());
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     run->sample(to_s(rt.now()), values);
                                     return run->summary()["hits"].get<std::uint64_t>() > 50;
                                 }()),
                                 20000);
        QVERIFY(run->apply_live("ttl_ms", KnobValue(60000.0)));  // long: nothing expires between the checks below
        QVERIFY(run->apply_live("write_policy", KnobValue(std::string("write-through"))));
        QVERIFY(run->apply_live("policy", KnobValue(std::string("arc"))));
        QVERIFY(!run->apply_live("nodes", KnobValue(8LL)));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        run->stop();

        nlohmann::json sum = run->summary();
        QCOMPARE(sum["errors"].get<std::uint64_t>(), 0u);
        const auto hits = sum["hits"].get<std::uint64_t>(), misses = sum["misses"].get<std::uint64_t>();
        // A cache reply lost to a late timeout would make these differ; on loopback with a
        // 50 ms cache timeout a bypass is possible on a very busy machine, so allow for it.
        const auto bypasses = sum["bypasses"].get<std::uint64_t>();
        QVERIFY(sum["cache_counters"]["hits"].get<std::uint64_t>() >= hits);
        QVERIFY(sum["cache_counters"]["hits"].get<std::uint64_t>() <= hits + bypasses);
        QVERIFY(sum["cache_counters"]["misses"].get<std::uint64_t>() >= misses);
        QVERIFY(sum["cache_counters"]["misses"].get<std::uint64_t>() <= misses + bypasses);
        QCOMPARE(sum["cache_counters"]["policy"].get<std::string>(), std::string("arc"));
        QVERIFY(sum["hit_ratio"].get<double>() > 0.0);
        QVERIFY(sum["stale_read_ratio"].is_number());
        QVERIFY(sum.contains("evictions") && sum.contains("expirations"));
        QVERIFY(sum["latency_by_outcome_ms"]["hit"]["p50"].get<double>() > 0.0);
        QCOMPARE(sum["per_node"].size(), 2u);
        QCOMPARE(sum["per_node"][0]["id"].get<std::string>(), std::string("app-1"));
        QVERIFY(sum["cache_keys"].get<std::uint64_t>() > 0);

        // The cache's Redis-protocol door: INFO reports the same counters the lab measured.
        const auto eps = run->endpoints();
        QCOMPARE(eps.size(), 1u);
        QCOMPARE(eps[0].node, std::string("cache"));
        QCOMPARE(eps[0].protocol, std::string("redis"));
        QVERIFY(QString::fromStdString(eps[0].address).startsWith("127.0.0.1:"));
        const int port = std::stoi(eps[0].address.substr(eps[0].address.find(':') + 1));
        QCOMPARE(redis_command(port, "*1\r\n$4\r\nPING\r\n"), std::string("+PONG\r\n"));
        const std::string info = redis_command(port, "*1\r\n$4\r\nINFO\r\n");
        QCOMPARE(info_field(info, "keyspace_hits"), sum["cache_counters"]["hits"].get<long long>());
        QCOMPARE(info_field(info, "keyspace_misses"), sum["cache_counters"]["misses"].get<long long>());
        QCOMPARE(info_field(info, "evicted_keys"), sum["evictions"].get<long long>());
        QCOMPARE(info_field(info, "used_memory"), sum["memory_bytes"].get<long long>());
        // k:0 is the hottest key under Zipf: cached, with the value the db holds.
        QVERIFY2(redis_command(port, "*2\r\n$3\r\nGET\r\n$3\r\nk:0\r\n").rfind("$100\r\n", 0) == 0, "k:0 not cached");

        QVERIFY(run->apply_fault(FaultEvent::parse("0s:flush:cache")));
        QCOMPARE(run->summary()["cache_keys"].get<std::uint64_t>(), 0u);
        QVERIFY(!run->apply_fault(FaultEvent::parse("0s:flush:db")));  // no cache there: the core refuses it
        QVERIFY(!run->apply_fault(FaultEvent::parse("0s:kill:cache")));  // the runtime's to apply
    }
};

QTEST_GUILESS_MAIN(TestCachingLive)
#include "test_caching_live.moc"
