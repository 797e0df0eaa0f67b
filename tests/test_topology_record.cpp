// The per-sample topology record: links encode and decode exactly; the recorder keeps only the
// links that changed; the timeline gives back every link's cumulative counters and the node
// states at any row, across its checkpoints, as a direct capture would.
#include <QTest>

#include <algorithm>
#include <random>

#include "core/lab/node_role.h"
#include "core/store/topology_record.h"

using namespace archlab;

namespace {
/// "n7": a node's name. (Built by append: "n" + std::to_string trips GCC 12's -Wrestrict.)
std::string node_name(int i) {
    std::string name = std::to_string(i);
    name.insert(name.begin(), 'n');
    return name;
}

/// A capture of `nodes` nodes at t_s with the given links.
ClusterView capture(int nodes, double t_s, const std::vector<LinkCount>& links, int down = -1) {
    ClusterView v;
    v.t_s = t_s;
    for (int i = 0; i < nodes; ++i) {
        v.nodes.push_back({node_name(i), i == 0 ? "client" : "worker", "", i == down ? NodeState::Down : NodeState::Up, "", ""});
    }
    for (const LinkCount& l : links) {
        LinkView lv;
        lv.stats = {static_cast<NodeIndex>(l.from), static_cast<NodeIndex>(l.to), l.delivered, l.delivered, l.dropped};
        if (l.flags & kLinkLoses) lv.faults.drop = 0.5;
        if (l.flags & kLinkDelayed) lv.faults.delay = from_ms(5);
        v.links.push_back(lv);
    }
    return v;
}
}  // namespace

class TestTopologyRecord : public QObject {
    Q_OBJECT
private slots:
    void links_round_trip() {
        const std::vector<LinkCount> links = {{0, 1, 0, 0, 0},
                                              {1, 0, 127, 128, kLinkLoses},
                                              {999, 3, (std::uint64_t{1} << 63) + 7, 1, kLinkLoses | kLinkDelayed},
                                              {0xffffffffu, 0, 300, 0, kLinkDelayed}};
        QCOMPARE(decode_links(encode_links(links)), links);
        QVERIFY(decode_links({}).empty());
        QCOMPARE(decode_links(encode_links({})).size(), std::size_t{0});
        std::vector<unsigned char> cut = encode_links(links);
        cut.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, decode_links(cut));
    }

    void state_letters() {
        for (NodeState s : {NodeState::Up, NodeState::Down, NodeState::Paused, NodeState::Slow, NodeState::Partitioned}) {
            QCOMPARE(state_of_letter(state_letter(s)), s);
        }
    }

    void roles_are_kept_per_sample() {
        for (const char* role : {kNodeRolePrimary, kNodeRoleReplica, kNodeRoleRemoved, kNodeRoleDraining}) {
            QCOMPARE(role_of_letter(role_letter(role)), std::string(role));
        }
        QCOMPARE(role_of_letter(role_letter("")), std::string());
        // A run without roles records none; one with roles gets them back at each row.
        TopologyRecorder rec;
        ClusterView plain = capture(3, 0.25, {});
        const TopologyRow none = rec.record(plain);
        QCOMPARE(none.states, std::string("uuu"));
        ClusterView before = capture(3, 0.5, {});
        before.nodes[1].role = kNodeRolePrimary;
        before.nodes[2].role = kNodeRoleReplica;
        ClusterView after = capture(3, 0.75, {}, 1);
        after.nodes[1].role = kNodeRoleReplica;
        after.nodes[2].role = kNodeRolePrimary;
        const TopologyTimeline timeline(node_names(plain), {none, rec.record(before), rec.record(after)});
        QVERIFY(timeline.frame(0).roles.empty());
        QCOMPARE(timeline.frame(1).roles, std::string("-PR"));
        QCOMPARE(timeline.frame(2).roles, std::string("-RP"));
        QCOMPARE(timeline.frame(2).states, std::string("udu"));  // the roles do not spill into the states
    }

    void recorder_keeps_only_changed_links() {
        TopologyRecorder rec;
        const TopologyRow first = rec.record(capture(3, 0.25, {{0, 1, 5, 0, 0}, {1, 2, 5, 0, 0}}));
        QCOMPARE(first.states, std::string("uuu"));
        QCOMPARE(decode_links(first.links).size(), std::size_t{2});
        // Only 1->2 carried traffic; 0->1 is unchanged and left out; a fault on 2->1 shows.
        const TopologyRow second =
            rec.record(capture(3, 0.5, {{0, 1, 5, 0, 0}, {1, 2, 9, 0, 0}, {2, 1, 0, 0, kLinkDelayed}}, 2));
        QCOMPARE(second.states, std::string("uud"));
        const auto links = decode_links(second.links);
        QCOMPARE(links.size(), std::size_t{2});
        QCOMPARE(links[0], (LinkCount{1, 2, 9, 0, 0}));
        QCOMPARE(links[1], (LinkCount{2, 1, 0, 0, kLinkDelayed}));
        QCOMPARE(decode_links(rec.record(capture(3, 0.75, {{0, 1, 5, 0, 0}, {1, 2, 9, 0, 0}, {2, 1, 0, 0, kLinkDelayed}})).links).size(),
                 std::size_t{0});
    }

    void timeline_gives_every_row_back() {
        // 100 rows over 20 links, each link moving now and then: the timeline at every row must
        // equal the direct capture, on both sides of each checkpoint.
        constexpr int kNodes = 6, kRows = 100;
        std::mt19937 rng(7);
        std::vector<LinkCount> now;
        for (std::uint32_t a = 0; a < 5; ++a) {
            for (std::uint32_t b = 0; b < 5; ++b) {
                if (a != b && now.size() < 20) now.push_back({a, b, 0, 0, 0});
            }
        }
        TopologyRecorder rec;
        std::vector<TopologyRow> rows;
        std::vector<std::vector<LinkCount>> truth;
        std::vector<std::string> states;
        for (int r = 0; r < kRows; ++r) {
            for (LinkCount& l : now) {
                if (rng() % 3 == 0) l.delivered += rng() % 1000;
                if (rng() % 17 == 0) l.dropped += 1;
                if (rng() % 29 == 0) l.flags ^= kLinkLoses;
            }
            const int down = r % 7 == 0 ? r % kNodes : -1;
            rows.push_back(rec.record(capture(kNodes, 0.25 * (r + 1), now, down)));
            truth.push_back(now);
            states.push_back(rows.back().states);
        }
        std::vector<TopologyNodeName> names;
        for (int i = 0; i < kNodes; ++i) names.push_back({node_name(i), "worker"});
        const TopologyTimeline t(names, rows);
        QCOMPARE(t.size(), std::size_t{kRows});
        for (int r = kRows - 1; r >= 0; --r) {  // backwards too: seeks start from checkpoints
            const TopologyFrame f = t.frame(static_cast<std::size_t>(r));
            QCOMPARE(f.t_s, 0.25 * (r + 1));
            QCOMPARE(f.states, states[static_cast<std::size_t>(r)]);
            // Every link is recorded when it first appears (the runtime lists only links that carried traffic).
            std::vector<LinkCount> want = truth[static_cast<std::size_t>(r)];
            std::sort(want.begin(), want.end(), [](const LinkCount& a, const LinkCount& b) {
                return std::pair{a.from, a.to} < std::pair{b.from, b.to};
            });
            QCOMPARE(f.links, want);
        }
        QCOMPARE(t.row_at(0.0), std::size_t{0});
        QCOMPARE(t.row_at(1.0), std::size_t{3});
        QCOMPARE(t.row_at(1.1), std::size_t{3});
        QCOMPARE(t.row_at(1e9), std::size_t{kRows - 1});
        QCOMPARE(t.start_frame().states, std::string(kNodes, 'u'));
        QVERIFY(t.start_frame().links.empty());
    }
};

QTEST_GUILESS_MAIN(TestTopologyRecord)
#include "test_topology_record.moc"
