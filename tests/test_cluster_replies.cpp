// The cluster map and the CLUSTER commands of a shard, byte for byte against replies captured
// from a real Redis 7.0.15 cluster of three nodes (ids and ports copied into the map), before
// and during a migration of slot 12182 from 127.0.0.1:27103 to 127.0.0.1:27101. Redis lists
// nodes in its dictionary's order; those replies are compared element by element, sorted.
#include <QTest>

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

#include "cluster_shard_harness.h"
#include "core/cluster/cluster_replies.h"
#include "resp_test_client.h"

using namespace archlab::cluster;
using namespace std::string_literals;

namespace {

// Captured from 127.0.0.1:27101 (shard-1) of the fresh cluster.
const std::string kSlotsReply =
    "*3\r\n*3\r\n:0\r\n:5460\r\n*4\r\n$9\r\n127.0.0.1\r\n:27101\r\n$40\r\n2e155ef2a3e76d894329d121655316c746279151\r\n*0\r\n"
    "*3\r\n:5461\r\n:10922\r\n*4\r\n$9\r\n127.0.0.1\r\n:27102\r\n$40\r\na748ed5812a605b8fa30507409b7f4447a1615a5\r\n*0\r\n"
    "*3\r\n:10923\r\n:16383\r\n*4\r\n$9\r\n127.0.0.1\r\n:27103\r\n$40\r\nc9d7654c22a6599474dd6cb9da25c6eadc48052e\r\n*0\r\n";

const std::string kShards =
    "*3\r\n*4\r\n$5\r\nslots\r\n*2\r\n:10923\r\n:16383\r\n$5\r\nnodes\r\n*1\r\n*14\r\n$2\r\nid\r\n$40\r\n"
    "c9d7654c22a6599474dd6cb9da25c6eadc48052e\r\n$4\r\nport\r\n:27103\r\n$2\r\nip\r\n$9\r\n127.0.0.1\r\n$8\r\nendpoint\r\n"
    "$9\r\n127.0.0.1\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$18\r\nreplication-offset\r\n:0\r\n$6\r\nhealth\r\n$6\r\nonline\r\n"
    "*4\r\n$5\r\nslots\r\n*2\r\n:5461\r\n:10922\r\n$5\r\nnodes\r\n*1\r\n*14\r\n$2\r\nid\r\n$40\r\n"
    "a748ed5812a605b8fa30507409b7f4447a1615a5\r\n$4\r\nport\r\n:27102\r\n$2\r\nip\r\n$9\r\n127.0.0.1\r\n$8\r\nendpoint\r\n"
    "$9\r\n127.0.0.1\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$18\r\nreplication-offset\r\n:0\r\n$6\r\nhealth\r\n$6\r\nonline\r\n"
    "*4\r\n$5\r\nslots\r\n*2\r\n:0\r\n:5460\r\n$5\r\nnodes\r\n*1\r\n*14\r\n$2\r\nid\r\n$40\r\n"
    "2e155ef2a3e76d894329d121655316c746279151\r\n$4\r\nport\r\n:27101\r\n$2\r\nip\r\n$9\r\n127.0.0.1\r\n$8\r\nendpoint\r\n"
    "$9\r\n127.0.0.1\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$18\r\nreplication-offset\r\n:0\r\n$6\r\nhealth\r\n$6\r\nonline\r\n";

const std::string kNodes =
    "c9d7654c22a6599474dd6cb9da25c6eadc48052e 127.0.0.1:27103@37103 master - 0 1796306331750 3 connected 10923-16383\n"
    "a748ed5812a605b8fa30507409b7f4447a1615a5 127.0.0.1:27102@37102 master - 0 1796306332761 2 connected 5461-10922\n"
    "2e155ef2a3e76d894329d121655316c746279151 127.0.0.1:27101@37101 myself,master - 0 1796306327000 1 connected 0-5460\n";

// During the migration: CLUSTER NODES on the migrating node (27103) and the importing one (27101).
const std::string kNodesMigrating =
    "c9d7654c22a6599474dd6cb9da25c6eadc48052e 127.0.0.1:27103@37103 myself,master - 0 1796306389000 3 connected "
    "10923-16383 [12182->-2e155ef2a3e76d894329d121655316c746279151]\n"
    "2e155ef2a3e76d894329d121655316c746279151 127.0.0.1:27101@37101 master - 0 1796306390522 1 connected 0-5460\n"
    "a748ed5812a605b8fa30507409b7f4447a1615a5 127.0.0.1:27102@37102 master - 0 1796306389518 2 connected 5461-10922\n";
const std::string kNodesImporting =
    "c9d7654c22a6599474dd6cb9da25c6eadc48052e 127.0.0.1:27103@37103 master - 0 1796306397472 3 connected 10923-16383\n"
    "a748ed5812a605b8fa30507409b7f4447a1615a5 127.0.0.1:27102@37102 master - 0 1796306398483 2 connected 5461-10922\n"
    "2e155ef2a3e76d894329d121655316c746279151 127.0.0.1:27101@37101 myself,master - 0 1796306394000 1 connected 0-5460 "
    "[12182-<-c9d7654c22a6599474dd6cb9da25c6eadc48052e]\n";

const std::string kInfo =
    "cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\n"
    "cluster_slots_fail:0\r\ncluster_known_nodes:3\r\ncluster_size:3\r\ncluster_current_epoch:3\r\ncluster_my_epoch:1\r\n"
    "cluster_stats_messages_ping_sent:19\r\ncluster_stats_messages_pong_sent:22\r\ncluster_stats_messages_sent:41\r\n"
    "cluster_stats_messages_ping_received:20\r\ncluster_stats_messages_pong_received:19\r\n"
    "cluster_stats_messages_meet_received:2\r\ncluster_stats_messages_received:41\r\n"
    "total_cluster_links_buffer_limit_exceeded:0\r\n";

/// CLUSTER NODES lines with the pong time (field 6) masked, sorted: Redis' order is its dict's.
std::multiset<std::string> node_lines(const std::string& text) {
    std::multiset<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string word, masked;
        for (int i = 0; words >> word; ++i) masked += (i == 5 ? "PONG" : word) + " ";
        out.insert(masked);
    }
    return out;
}

/// CLUSTER INFO's fields without the bus message counters (no bus runs here).
std::vector<std::string> info_fields(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("cluster_stats_messages_", 0) != 0) out.push_back(line);
    }
    return out;
}

std::string bulk(const std::string& v) { return fmt::format("${}\r\n{}\r\n", v.size(), v); }

}  // namespace

class TestClusterReplies : public QObject {
    Q_OBJECT

private slots:
    void slots_are_laid_out_as_redis_cli_creates_them() {
        const ClusterMap map = captured_map();
        const auto ranges = map.ranges();
        QCOMPARE(ranges.size(), std::size_t{3});
        QCOMPARE(ranges[0].last, 5460u);
        QCOMPARE(ranges[1].first, 5461u);
        QCOMPARE(ranges[1].last, 10922u);
        QCOMPARE(ranges[2].last, 16383u);
        QVERIFY(map.full_coverage());
        QCOMPARE(map.current_epoch(), std::uint64_t{3});
        ClusterMap five;
        for (int i = 1; i <= 5; ++i) five.add_shard(fmt::format("shard-{}", i), static_cast<std::uint16_t>(7000 + i));
        five.assign_evenly();  // redis-cli: 0-3276, 3277-6553, 6554-9829, 9830-13106, 13107-16383
        QCOMPARE(five.ranges()[0].last, 3276u);
        QCOMPARE(five.ranges()[1].last, 6553u);
        QCOMPARE(five.ranges()[2].last, 9829u);
        QCOMPARE(five.ranges()[3].last, 13106u);
    }

    void node_ids_are_40_hex_digits_fixed_by_name_and_seed() {
        const std::string a = ClusterMap::node_id("shard-1");
        QCOMPARE(a.size(), std::size_t{40});
        QVERIFY(std::all_of(a.begin(), a.end(), [](char c) { return std::isxdigit(c) && !std::isupper(c); }));
        QCOMPARE(ClusterMap::node_id("shard-1"), a);
        QVERIFY(ClusterMap::node_id("shard-2") != a);
        QVERIFY(ClusterMap::node_id("shard-1", 7) != a);
        ClusterMap map;
        map.add_shard("shard-1", 7001);
        QCOMPARE(map.shards()[0].id, a);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, map.add_shard("shard-1", 7002));
    }

    void cluster_slots_matches_redis() {
        ShardHarness h(captured_map(), 0);
        QCOMPARE(h.cmd({"CLUSTER", "SLOTS"}), kSlotsReply);
        QCOMPARE(cluster_slots_reply(h.map), kSlotsReply);
    }

    void cluster_shards_matches_redis() {
        ShardHarness h(captured_map(), 0);
        auto ours = resp_array_items(h.cmd({"cluster", "shards"}));
        auto theirs = resp_array_items(kShards);
        QCOMPARE(ours.size(), std::size_t{3});
        std::sort(ours.begin(), ours.end());
        std::sort(theirs.begin(), theirs.end());
        QCOMPARE(ours, theirs);
    }

    void cluster_nodes_matches_redis() {
        ShardHarness h(captured_map(), 0);
        const std::string reply = h.cmd({"CLUSTER", "NODES"});
        const std::string text = cluster_nodes_text(h.map, 0, h.now_ms);
        QCOMPARE(reply, bulk(text));
        QCOMPARE(node_lines(text), node_lines(kNodes));
        // Its own pong time to the second, the others' to the millisecond, as Redis shows them.
        QVERIFY(text.find(" myself,master - 0 1796306400000 1 connected 0-5460\n") != std::string::npos);
    }

    void cluster_nodes_shows_migrating_and_importing_slots_on_the_nodes_concerned() {
        ClusterMap map = captured_map();
        map.begin_migration(12182, 0);
        QCOMPARE(node_lines(cluster_nodes_text(map, 2, 0)), node_lines(kNodesMigrating));
        QCOMPARE(node_lines(cluster_nodes_text(map, 0, 0)), node_lines(kNodesImporting));
        // The third node shows no migration, and CLUSTER SLOTS is unchanged during it.
        QVERIFY(cluster_nodes_text(map, 1, 0).find('[') == std::string::npos);
        QCOMPARE(cluster_slots_reply(map), kSlotsReply);
    }

    void finishing_a_migration_moves_the_slot_with_a_new_epoch() {
        ClusterMap map = captured_map();
        map.begin_migration(12182, 0);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, map.begin_migration(12182, 1));
        map.finish_migration(12182);
        QCOMPARE(map.owner(12182).value(), std::size_t{0});
        QCOMPARE(map.shards()[0].config_epoch, std::uint64_t{4});
        QVERIFY(map.migration(12182) == nullptr);
        const std::string nodes = cluster_nodes_text(map, 0, 0);
        QVERIFY2(nodes.find(" 4 connected 0-5460 12182\n") != std::string::npos, nodes.c_str());
        QVERIFY2(nodes.find(" 3 connected 10923-12181 12183-16383\n") != std::string::npos, nodes.c_str());
        QCOMPARE(resp_array_items(cluster_slots_reply(map)).size(), std::size_t{5});
    }

    void cluster_info_matches_redis() {
        ShardHarness h(captured_map(), 0);
        const std::string reply = h.cmd({"CLUSTER", "INFO"});
        const std::string text = cluster_info_text(h.map, 0);
        QCOMPARE(reply, bulk(text));
        QCOMPARE(info_fields(text), info_fields(kInfo));
        QVERIFY(text.find("cluster_stats_messages_sent:0\r\ncluster_stats_messages_received:0\r\n") != std::string::npos);
        ClusterMap partial = captured_map();
        partial.unassign(100, 199);
        const std::string down = cluster_info_text(partial, 0);
        QVERIFY(down.rfind("cluster_state:fail\r\ncluster_slots_assigned:16284\r\n", 0) == 0);
    }

    void small_cluster_commands_match_redis() {
        ShardHarness h(captured_map(), 0);
        QCOMPARE(h.cmd({"CLUSTER", "MYID"}), "$40\r\n2e155ef2a3e76d894329d121655316c746279151\r\n"s);
        QCOMPARE(h.cmd({"cluster", "keyslot", "foo"}), ":12182\r\n"s);
        QCOMPARE(h.cmd({"cluster", "keyslot", "{user}a"}), ":5474\r\n"s);
        QCOMPARE(h.cmd({"cluster", "countkeysinslot", "12182"}), ":0\r\n"s);
        QCOMPARE(h.cmd({"cluster", "getkeysinslot", "12182", "10"}), "*0\r\n"s);
        h.keyspace.set("{foo}b", "v2", {});
        h.keyspace.set("{foo}c", "v3", {});
        QCOMPARE(h.cmd({"cluster", "countkeysinslot", "12182"}), ":2\r\n"s);
        QCOMPARE(h.cmd({"cluster", "getkeysinslot", "12182", "1"}), "*1\r\n$6\r\n{foo}b\r\n"s);
        QCOMPARE(h.cmd({"cluster", "help"}).substr(0, 70),
                 "*21\r\n+CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"s.substr(0, 70));
    }

    void cluster_errors_match_redis() {
        ShardHarness h(captured_map(), 0);
        QCOMPARE(h.cmd({"cluster", "bogus"}), "-ERR unknown subcommand 'bogus'. Try CLUSTER HELP.\r\n"s);
        QCOMPARE(h.cmd({"cluster"}), "-ERR wrong number of arguments for 'cluster' command\r\n"s);
        QCOMPARE(h.cmd({"cluster", "keyslot"}), "-ERR wrong number of arguments for 'cluster|keyslot' command\r\n"s);
        QCOMPARE(h.cmd({"cluster", "keyslot", "a", "b"}),
                 "-ERR wrong number of arguments for 'cluster|keyslot' command\r\n"s);
        QCOMPARE(h.cmd({"cluster", "slots", "x"}), "-ERR wrong number of arguments for 'cluster|slots' command\r\n"s);
        QCOMPARE(h.cmd({"cluster", "myid", "x"}), "-ERR wrong number of arguments for 'cluster|myid' command\r\n"s);
        QCOMPARE(h.cmd({"cluster", "info", "x"}), "-ERR wrong number of arguments for 'cluster|info' command\r\n"s);
        QCOMPARE(h.cmd({"cluster", "countkeysinslot", "1", "2"}),
                 "-ERR wrong number of arguments for 'cluster|countkeysinslot' command\r\n"s);
        QCOMPARE(h.cmd({"cluster", "countkeysinslot", "x"}), "-ERR value is not an integer or out of range\r\n"s);
        QCOMPARE(h.cmd({"cluster", "countkeysinslot", "99999"}), "-ERR Invalid slot\r\n"s);
        QCOMPARE(h.cmd({"cluster", "countkeysinslot", "-1"}), "-ERR Invalid slot\r\n"s);
        QCOMPARE(h.cmd({"cluster", "getkeysinslot", "1", "-1"}), "-ERR Invalid slot or number of keys\r\n"s);
        QCOMPARE(h.cmd({"cluster", "getkeysinslot", "16384", "1"}), "-ERR Invalid slot or number of keys\r\n"s);
        QCOMPARE(h.cmd({"cluster", "getkeysinslot", "x", "1"}), "-ERR value is not an integer or out of range\r\n"s);
    }
};

QTEST_APPLESS_MAIN(TestClusterReplies)
#include "test_cluster_replies.moc"
