// The broker on the live runtime (threads, loopback TCP between nodes, its worker thread writing
// SQLite): the same node code as in virtual time delivers every publish to a group shared by two
// consumers, answers RESP commands posted onto its thread, and keeps its topic over a kill and
// restart. Waits poll for an outcome with a generous limit; nothing asserts on how long it took.
#include <QTemporaryDir>
#include <QTest>

#include <mutex>

#include "broker_sim_cluster.h"
#include "core/broker/broker_setup.h"
#include "core/runtime/live_runtime.h"

using namespace broker_test;

namespace {
constexpr int kWaitMs = 20000;

/// Runs a RESP command on the broker's thread; "" until the reply is in.
struct PostedCommand {
    std::mutex mu;
    std::string reply;
    bool done = false;
    void run(Runtime& rt, NodeIndex broker, std::vector<std::string> args) {
        {
            std::lock_guard lock(mu);
            reply.clear();
            done = false;
        }
        rt.post(broker, [this, args](Node& n, Context& ctx) {
            static_cast<BrokerNode&>(n).run_command(ctx, 1, args, [this](std::string bytes) {
                std::lock_guard lock(mu);
                reply = std::move(bytes);
                done = true;
            });
        });
    }
    std::string get() {
        std::lock_guard lock(mu);
        return done ? reply : std::string();
    }
};
}  // namespace

class TestBrokerLive : public QObject {
    Q_OBJECT
private slots:
    void delivers_answers_resp_and_keeps_its_topic_over_a_restart() {
        QTemporaryDir dir;
        auto log = std::make_shared<Log>();
        LiveRuntime rt(3);
        const BrokerHandles broker = add_broker(rt, dir.path().toStdString());
        rt.add_node({"producer", "service", 0,
                     [log] { return std::make_unique<ProducerNode>(log, "orders.placed", 50, std::chrono::milliseconds(1)); }});
        for (const char* name : {"consumer-1", "consumer-2"}) {
            rt.add_node({name, "service", 0, [log] { return std::make_unique<ConsumerNode>(log, "orders.placed", "g"); }});
        }
        rt.start();
        QTRY_VERIFY_WITH_TIMEOUT(log->handed_count.load() >= 50, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(broker.metrics->acked.load() >= 50, kWaitMs);

        PostedCommand cmd;
        cmd.run(rt, broker.node, {"XLEN", "orders.placed"});
        QTRY_COMPARE_WITH_TIMEOUT(cmd.get(), std::string(":50\r\n"), kWaitMs);

        rt.kill(broker.node);
        rt.restart(broker.node);
        QTRY_COMPARE_WITH_TIMEOUT(broker.metrics->incarnations.load(), std::uint64_t(2), kWaitMs);
        cmd.run(rt, broker.node, {"XLEN", "orders.placed"});
        // Until it has read its database back the broker answers -LOADING; then the topic is whole.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const std::string r = cmd.get();
                if (r == ":50\r\n") return true;
                if (r.empty() || r.rfind("-LOADING", 0) == 0) cmd.run(rt, broker.node, {"XLEN", "orders.placed"});
                return false;
            }(),
            kWaitMs);
        rt.stop();
        std::set<std::string> got;
        for (const Handed& h : log->handed) got.insert(h.d.payload);
        QCOMPARE(got.size(), std::size_t(50));
    }
};

QTEST_GUILESS_MAIN(TestBrokerLive)
#include "test_broker_live.moc"
