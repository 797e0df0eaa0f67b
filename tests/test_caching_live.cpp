// The caching lab on the live runtime: real threads and 127.0.0.1 sockets. Checks what a
// person relies on, never how fast the machine is: every listening socket (nodes and the
// cache's Redis-protocol door) is on loopback, redis-cli's protocol reaches the cache while the
// run goes, live knobs and the flush fault apply, the door closes with the run, and the
// summary has its fields.
#include <QDir>
#include <QFile>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>

#include "core/lab/run_controller.h"
#include "lab_runs.h"
#include "labs/register_labs.h"
#include "loopback_sockets.h"

using namespace archlab;

namespace {
/// Sends one RESP command to 127.0.0.1:port and returns the reply bytes ("" when it cannot connect).
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


const Lab& caching_lab() { return lab_test::lab("caching"); }

const std::string kPing = "*1\r\n$4\r\nPING\r\n";
const std::string kInfo = "*1\r\n$4\r\nINFO\r\n";
const std::string kGetHot = "*2\r\n$3\r\nGET\r\n$3\r\nk:0\r\n";
}  // namespace

class TestCachingLive : public QObject {
    Q_OBJECT
private slots:
    void short_live_run() {
        RunRequest req;
        req.lab = &caching_lab();
        req.settings = caching_lab().default_settings();
        req.settings.set("arrival_rps", "300");
        req.settings.set("keys", "500");
        req.settings.set("nodes", "2");
        req.settings.set("db_latency_ms", "1");
        req.duration = Nanos(0);  // until stop()
        RunController run(req, nullptr);
        run.start();

        const ClusterView view = run.cluster();
        QCOMPARE(int(view.nodes.size()), 6);  // client, lb, app-1, app-2, cache, db
        for (const NodeView& n : view.nodes) {
            QVERIFY2(QString::fromStdString(n.endpoint).startsWith("127.0.0.1:"), n.endpoint.c_str());
        }
        const auto eps = run.endpoints();
        QCOMPARE(eps.size(), 1u);
        QCOMPARE(eps[0].node, std::string("cache"));
        QCOMPARE(eps[0].protocol, std::string("redis"));
        QVERIFY(QString::fromStdString(eps[0].address).startsWith("127.0.0.1:"));
#if defined(__linux__)  // the kernel's socket tables: Linux only
        const QStringList v4 = loopback::own_listening_addresses("/proc/self/net/tcp");
        QVERIFY(v4.size() >= 7);  // six nodes and the RESP door
        for (const QString& a : v4) QVERIFY2(a.startsWith("0100007F:"), qPrintable(a));  // 127.0.0.1
        QVERIFY(loopback::own_listening_addresses("/proc/self/net/tcp6").isEmpty());
#endif

        // The cache's Redis-protocol door serves the store the lab measures, while it runs.
        const int port = std::stoi(eps[0].address.substr(eps[0].address.find(':') + 1));
        QCOMPARE(redis_command(port, kPing), std::string("+PONG\r\n"));
        QTRY_VERIFY_WITH_TIMEOUT(info_field(redis_command(port, kInfo), "keyspace_hits") > 50, 20000);
        QVERIFY(run.apply_live("ttl_ms", KnobValue(60000.0)));
        QVERIFY(run.apply_live("write_policy", KnobValue(std::string("write-through"))));
        QVERIFY(run.apply_live("policy", KnobValue(std::string("arc"))));
        QVERIFY(!run.apply_live("nodes", KnobValue(8LL)));
        // k:0 is the hottest key under Zipf: cached, with the value the db holds (100 bytes).
        int gets = 0;
        QTRY_VERIFY_WITH_TIMEOUT((++gets, redis_command(port, kGetHot).rfind("$100\r\n", 0) == 0), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(redis_command(port, kInfo).find("maxmemory_policy:arc") != std::string::npos, 10000);
        run.inject(FaultEvent::parse("0s:flush:cache"));
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (const RunEvent& e : run.events()) {
                                         if (e.text.find("flush cache") != std::string::npos) return true;
                                     }
                                     return false;
                                 }()),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(run.series()->size() > 2, 10000);  // a few samples of it
        run.stop();
        run.wait();
        for (const RunEvent& e : run.events()) QVERIFY2(e.text.find("failed") == std::string::npos, e.text.c_str());

        // Closed with the run.
        QVERIFY(run.endpoints().empty());
        QCOMPARE(redis_command(port, kPing), std::string());

        const nlohmann::json sum = run.summary();
        QCOMPARE(sum["time_mode"].get<std::string>(), std::string("live"));
        QVERIFY(!sum.contains("fingerprint"));
        QCOMPARE(sum["errors"].get<std::uint64_t>(), 0u);
        QVERIFY(sum["requests"].get<std::uint64_t>() > 50);
        QVERIFY(sum["latency_ms"]["p99"].get<double>() > 0.0);
        const auto hits = sum["hits"].get<std::uint64_t>(), misses = sum["misses"].get<std::uint64_t>();
        // The store also counted what redis-cli asked (the GETs above), and a cache reply lost to
        // a late timeout on a very busy machine (a bypass) may have been counted by it too.
        const auto slack = sum["bypasses"].get<std::uint64_t>() + std::uint64_t(gets);
        const auto store_hits = sum["cache_counters"]["hits"].get<std::uint64_t>();
        const auto store_misses = sum["cache_counters"]["misses"].get<std::uint64_t>();
        QVERIFY(store_hits >= hits && store_hits <= hits + slack);
        QVERIFY(store_misses >= misses && store_misses <= misses + slack);
        QCOMPARE(sum["cache_counters"]["policy"].get<std::string>(), std::string("arc"));
        QVERIFY(sum["hit_ratio"].get<double>() > 0.0);
        QVERIFY(sum["stale_read_ratio"].is_number());
        QVERIFY(sum.contains("evictions") && sum.contains("expirations"));
        QVERIFY(sum["latency_by_outcome_ms"]["hit"]["p50"].get<double>() > 0.0);
        QCOMPARE(sum["per_node"].size(), 2u);
        QCOMPARE(sum["per_node"][0]["id"].get<std::string>(), std::string("app-1"));
        QCOMPARE(sum["knob_changes"].size(), 3u);
    }

    void live_limits_refuse_virtual_sizes() {
        RunRequest req;
        req.lab = &caching_lab();
        req.settings = caching_lab().default_settings();
        req.settings.set("nodes", "1000");  // fine in virtual time, too many threads live
        RunController run(req, nullptr);
        try {
            run.start();
            QFAIL("a live run with 1000 app nodes started");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("nodes=1000") && QString(e.what()).contains("virtual"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestCachingLive)
#include "test_caching_live.moc"
