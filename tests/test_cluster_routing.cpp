// Where a keyed command runs in the cluster: a table of routing decisions (own slot, foreign
// slot, migrating with the key present or absent, importing with and without ASKING, CROSSSLOT,
// hash tags, unserved slots, a cluster without full coverage), each error text as Redis 7.0.15
// sent it in the captured cluster (shard-1 = 27101, shard-2 = 27102, shard-3 = 27103; slot
// 12182 of "foo" migrating from shard-3 to shard-1 where marked). Then the same through a
// shard's command set, including ASKING holding for one command only.
#include <QTest>

#include <set>

#include "cluster_shard_harness.h"
#include "core/cluster/cluster_routing.h"

using namespace archlab::cluster;
using namespace std::string_literals;

namespace {

std::vector<std::string> words(const QString& text) {
    std::vector<std::string> out;
    for (const QString& w : text.split(' ', Qt::SkipEmptyParts)) out.push_back(w.toStdString());
    return out;
}

/// Key positions as the shard's command table has them.
KeySpec spec_of(const std::string& command) {
    static const ShardCommands commands;
    const ShardCommandSpec* s = commands.find(command);
    return s == nullptr ? KeySpec{} : KeySpec{s->first_key, s->last_key, s->key_step};
}

}  // namespace

class TestClusterRouting : public QObject {
    Q_OBJECT

private slots:
    void key_positions_follow_first_last_step() {
        QCOMPARE(key_positions(2, {1, 1, 1}), (std::vector<std::size_t>{1}));
        QCOMPARE(key_positions(4, {1, -1, 1}), (std::vector<std::size_t>{1, 2, 3}));
        QCOMPARE(key_positions(5, {1, -1, 2}), (std::vector<std::size_t>{1, 3}));
        QCOMPARE(key_positions(6, {1, -1, 2}), (std::vector<std::size_t>{1, 3, 5}));  // MSET a 1 b: b still a key
        QCOMPARE(key_positions(3, {0, 0, 0}), (std::vector<std::size_t>{}));
    }

    void routing_decisions_data() {
        QTest::addColumn<int>("self");
        QTest::addColumn<QString>("setup");    // "migrating": 12182 moves 3 -> 1; "hole": slots 100..199 unserved
        QTest::addColumn<QString>("present");  // keys this node holds (asked only for a moving slot)
        QTest::addColumn<bool>("asking");
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("expected");  // the error without '-', or "execute"

        QTest::newRow("own slot") << 0 << "" << "" << false << "GET b" << "execute";
        QTest::newRow("foreign slot") << 0 << "" << "" << false << "GET c" << "MOVED 7365 127.0.0.1:27102";
        QTest::newRow("foreign slot, captured") << 0 << "" << "" << false << "SET foo bar"
                                                << "MOVED 12182 127.0.0.1:27103";
        QTest::newRow("no keys") << 1 << "" << "" << false << "DBSIZE" << "execute";
        QTest::newRow("cross slot") << 0 << "" << "" << false << "MGET a b"
                                    << "CROSSSLOT Keys in request don't hash to the same slot";
        QTest::newRow("cross slot mset") << 0 << "" << "" << false << "MSET a 1 b"
                                         << "CROSSSLOT Keys in request don't hash to the same slot";
        QTest::newRow("hash tags keep mget legal") << 1 << "" << "" << false << "MGET {c}1 {c}2" << "execute";
        QTest::newRow("hash tags keep mset legal") << 1 << "" << "" << false << "MSET {c}1 x {c}2 y" << "execute";
        QTest::newRow("hash tags, elsewhere") << 0 << "" << "" << false << "DEL {c}1 {c}2"
                                              << "MOVED 7365 127.0.0.1:27102";
        QTest::newRow("migrating, key here") << 2 << "migrating" << "{foo}b" << false << "GET {foo}b" << "execute";
        QTest::newRow("migrating, key gone") << 2 << "migrating" << "{foo}b" << false << "GET foo"
                                             << "ASK 12182 127.0.0.1:27101";
        QTest::newRow("migrating, new key") << 2 << "migrating" << "{foo}b" << false << "SET {foo}new x"
                                            << "ASK 12182 127.0.0.1:27101";
        QTest::newRow("migrating, some keys here") << 2 << "migrating" << "{foo}b" << false << "MGET foo {foo}b"
                                                   << "TRYAGAIN Multiple keys request during rehashing of slot";
        QTest::newRow("migrating, all keys here") << 2 << "migrating" << "{foo}b {foo}c" << false
                                                  << "MGET {foo}b {foo}c" << "execute";
        QTest::newRow("importing without asking") << 0 << "migrating" << "foo" << false << "GET foo"
                                                  << "MOVED 12182 127.0.0.1:27103";
        QTest::newRow("importing with asking") << 0 << "migrating" << "foo" << true << "GET foo" << "execute";
        QTest::newRow("importing, asking, new key") << 0 << "migrating" << "" << true << "SET {foo}z 1" << "execute";
        QTest::newRow("importing, asking, a key missing") << 0 << "migrating" << "foo" << true << "MGET foo {foo}b"
                                                          << "TRYAGAIN Multiple keys request during rehashing of slot";
        QTest::newRow("importing, asking, same key twice") << 0 << "migrating" << "foo" << true << "MGET foo foo"
                                                           << "execute";
        QTest::newRow("bystander during migration") << 1 << "migrating" << "" << true << "GET foo"
                                                    << "MOVED 12182 127.0.0.1:27103";
        QTest::newRow("asking on a stable slot") << 0 << "" << "" << true << "GET c" << "MOVED 7365 127.0.0.1:27102";
        QTest::newRow("unserved slot (k78: slot 195)") << 0 << "hole" << "" << false << "GET k78"
                                       << "CLUSTERDOWN Hash slot not served";
        QTest::newRow("not full coverage") << 0 << "hole" << "" << false << "GET b" << "CLUSTERDOWN The cluster is down";
        QTest::newRow("not full coverage, no keys") << 0 << "hole" << "" << false << "DBSIZE" << "execute";
    }

    void routing_decisions() {
        QFETCH(int, self);
        QFETCH(QString, setup);
        QFETCH(QString, present);
        QFETCH(bool, asking);
        QFETCH(QString, command);
        QFETCH(QString, expected);
        ClusterMap map = captured_map();
        if (setup == "migrating") map.begin_migration(12182, 0);
        if (setup == "hole") map.unassign(100, 199);
        const auto here = words(present);
        const std::set<std::string> held(here.begin(), here.end());
        const auto args = words(command);
        const Route route = route_command(args, spec_of(resp_lower(args[0])), map, static_cast<std::size_t>(self),
                                          asking, [&](std::string_view k) { return held.count(std::string(k)) > 0; });
        const std::string got = route.kind == Route::Kind::execute ? "execute"s : route.error(map);
        QCOMPARE(QString::fromStdString(got), expected);

        // The shard's command set gives the same answer, as an error reply or by running it.
        ShardHarness h(map, static_cast<std::size_t>(self));
        for (const auto& k : here) h.keyspace.set(k, "v", {});
        if (asking) QCOMPARE(h.cmd({"ASKING"}), "+OK\r\n"s);
        const std::string reply = h.cmd(args);
        if (expected == "execute") QVERIFY2(reply[0] != '-', reply.c_str());
        else QCOMPARE(QString::fromStdString(reply), "-" + expected + "\r\n");
    }

    void asking_holds_for_one_command_only() {
        // Captured on the importing node: ASKING, GET foo, GET foo.
        ClusterMap map = captured_map();
        map.begin_migration(12182, 0);
        ShardHarness h(map, 0);
        h.keyspace.set("foo", "bar", {});
        QCOMPARE(h.cmds({{"asking"}, {"get", "foo"}, {"get", "foo"}}),
                 "+OK\r\n$3\r\nbar\r\n-MOVED 12182 127.0.0.1:27103\r\n"s);
        QCOMPARE(h.cmds({{"readonly"}, {"get", "foo"}}), "+OK\r\n-MOVED 12182 127.0.0.1:27103\r\n"s);
        QCOMPARE(h.cmd({"asking", "x"}), "-ERR wrong number of arguments for 'asking' command\r\n"s);
        // An error in between still uses up the flag, as Redis' resetClient does.
        QCOMPARE(h.cmds({{"asking"}, {"nosuch"}, {"get", "foo"}}),
                 "+OK\r\n-ERR unknown command 'nosuch', with args beginning with: \r\n-MOVED 12182 127.0.0.1:27103\r\n"s);
    }

    void the_migrating_node_answers_as_captured() {
        ClusterMap map = captured_map();
        map.begin_migration(12182, 0);
        ShardHarness h(map, 2);
        h.keyspace.set("{foo}b", "v2", {});
        h.keyspace.set("{foo}c", "v3", {});
        QCOMPARE(h.cmd({"get", "foo"}), "-ASK 12182 127.0.0.1:27101\r\n"s);
        QCOMPARE(h.cmd({"get", "{foo}b"}), "$2\r\nv2\r\n"s);
        QCOMPARE(h.cmd({"mget", "foo", "{foo}b"}), "-TRYAGAIN Multiple keys request during rehashing of slot\r\n"s);
        QCOMPARE(h.cmd({"mget", "{foo}b", "{foo}c"}), "*2\r\n$2\r\nv2\r\n$2\r\nv3\r\n"s);
        QCOMPARE(h.cmd({"exists", "foo"}), "-ASK 12182 127.0.0.1:27101\r\n"s);
        QCOMPARE(h.cmd({"del", "foo"}), "-ASK 12182 127.0.0.1:27101\r\n"s);
        QCOMPARE(h.cmd({"cluster", "countkeysinslot", "12182"}), ":2\r\n"s);
    }

private:
    static std::string resp_lower(std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }
};

QTEST_APPLESS_MAIN(TestClusterRouting)
#include "test_cluster_routing.moc"
