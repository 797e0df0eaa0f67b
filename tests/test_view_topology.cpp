// The topology view's model at scale: a synthetic cluster of 1,000 workers behind a balancer
// collapses into one "worker ×1000" box with counts per state and the balancer's traffic to
// the workers summed onto one link; small stages stay node by node; a recorded run's frames
// give the same rates as the live sampler.
#include <QElapsedTimer>
#include <QTest>

#include "views/topology_model.h"

using namespace archlab;

namespace {
constexpr int kWorkers = 1000;

/// client -> lb -> worker-1..N -> db, at t_s, each worker having had `per_worker` requests per
/// second since t = 0 (and the db twice that from all of them together). worker-17 is down,
/// worker-400 slow; the link lb -> worker-5 drops messages.
ClusterView cluster(double t_s, double per_worker) {
    ClusterView v;
    v.t_s = t_s;
    v.nodes.push_back({"client", "client", "", NodeState::Up, "", ""});
    v.nodes.push_back({"lb", "lb", "", NodeState::Up, "", ""});
    for (int i = 1; i <= kWorkers; ++i) {
        const NodeState s = i == 17 ? NodeState::Down : i == 400 ? NodeState::Slow : NodeState::Up;
        v.nodes.push_back({"worker-" + std::to_string(i), "worker", "", s, "", ""});
    }
    v.nodes.push_back({"db", "db", "", NodeState::Up, "", ""});
    const auto n = static_cast<std::uint64_t>(per_worker * t_s);
    const auto link = [&](int from, int to, std::uint64_t delivered, bool lossy = false) {
        LinkView l;
        l.stats = {static_cast<NodeIndex>(from), static_cast<NodeIndex>(to), delivered, delivered, lossy ? delivered / 10 : 0};
        if (lossy) l.faults.drop = 0.1;
        v.links.push_back(l);
    };
    const int db = kWorkers + 2;
    link(0, 1, n * kWorkers);
    link(1, 0, n * kWorkers);
    for (int w = 2; w < kWorkers + 2; ++w) {
        link(1, w, n, w == 6);
        link(w, 1, n);
        link(w, db, 2 * n);
        link(db, w, 2 * n);
    }
    return v;
}
}  // namespace

class TestViewTopology : public QObject {
    Q_OBJECT
private slots:
    void small_clusters_are_drawn_node_by_node() {
        TopologySampler sampler;
        ClusterView v = cluster(1.0, 10);
        v.nodes.resize(6);  // client, lb, 4 workers
        v.links.clear();
        const TopologySnapshot s = group_stages(sampler.sample(v), 12);
        QVERIFY(s.groups.empty());
        QCOMPARE(s.boxes.size(), std::size_t{6});
        QCOMPARE(s.stages, 3);
        QCOMPARE(s.stage_sizes, (std::vector<int>{1, 1, 4}));
    }

    void a_thousand_workers_collapse_into_one_box() {
        TopologySampler sampler;
        sampler.sample(cluster(1.0, 20));
        QElapsedTimer clock;
        clock.start();
        const TopologySnapshot full = sampler.sample(cluster(2.0, 20));
        const TopologySnapshot s = group_stages(full, 12);
        qInfo("sample + group of %d nodes, %zu links: %lld ms", kWorkers + 3, full.links.size(), static_cast<long long>(clock.elapsed()));
        QCOMPARE(full.nodes.size(), std::size_t{kWorkers + 3});
        QCOMPARE(full.boxes.size(), std::size_t{kWorkers + 3});

        QCOMPARE(s.groups.size(), std::size_t{1});
        const TopologyGroup& g = s.groups[0];
        QCOMPARE(QString::fromStdString(g.kind), QStringLiteral("worker"));
        QCOMPARE(g.size, kWorkers);
        QCOMPARE(g.states[static_cast<std::size_t>(NodeState::Up)], kWorkers - 2);
        QCOMPARE(g.states[static_cast<std::size_t>(NodeState::Down)], 1);
        QCOMPARE(g.states[static_cast<std::size_t>(NodeState::Slow)], 1);
        QCOMPARE(g.not_up.size(), std::size_t{2});
        QCOMPARE(QString::fromStdString(s.nodes[static_cast<std::size_t>(g.not_up[0])].name), QStringLiteral("worker-17"));

        // Boxes: client, lb, the group, db; every worker is drawn in the group's box.
        QCOMPARE(s.boxes.size(), std::size_t{4});
        QCOMPARE(s.stage_sizes, (std::vector<int>{1, 1, 1, 1}));
        const int group_box = s.nodes[2].box;
        QCOMPARE(s.boxes[static_cast<std::size_t>(group_box)].group, 0);
        for (int w = 2; w < kWorkers + 2; ++w) QCOMPARE(s.nodes[static_cast<std::size_t>(w)].box, group_box);

        // Links: client-lb, lb-group, group-db, each the sum over the workers.
        QCOMPARE(s.links.size(), std::size_t{3});
        const auto find = [&](int a, int b) -> const TopologyLink* {
            for (const TopologyLink& l : s.links) {
                if (l.a == a && l.b == b) return &l;
            }
            return nullptr;
        };
        const int lb = s.nodes[1].box, db = s.nodes[kWorkers + 2].box;
        const TopologyLink* to_group = find(lb, group_box);
        const TopologyLink* to_db = find(group_box, db);
        QVERIFY(to_group && to_db && find(s.nodes[0].box, lb));
        // The group's links carry the sum of its members' (smoothed) links.
        double lb_out = 0, lb_in = 0, lost = 0, db_in = 0, db_out = 0;
        for (const TopologyLink& l : full.links) {
            const bool worker_b = full.nodes[static_cast<std::size_t>(l.b)].kind == "worker";
            const bool worker_a = full.nodes[static_cast<std::size_t>(l.a)].kind == "worker";
            if (l.a == 1 && worker_b) {
                lb_out += l.forward_per_s;
                lb_in += l.backward_per_s;
                lost += l.dropped_per_s;
            }
            if (worker_a && l.b == kWorkers + 2) {
                db_in += l.forward_per_s;
                db_out += l.backward_per_s;
            }
        }
        QVERIFY(lb_out > 0 && lost > 0 && db_in > 0);
        QCOMPARE(to_group->forward_per_s, lb_out);
        QCOMPARE(to_group->backward_per_s, lb_in);
        QCOMPARE(to_group->dropped_per_s, lost);   // lb -> worker-5 loses a tenth
        QVERIFY(to_group->faulty);
        QCOMPARE(to_db->forward_per_s, db_in);
        QCOMPARE(to_db->backward_per_s, db_out);
        QCOMPARE(to_db->forward_per_s, 2 * to_group->forward_per_s);
        QVERIFY(!to_db->faulty && !to_db->delayed);
        QVERIFY2(clock.elapsed() < 1000, "grouping 1,000 nodes must stay well inside a frame");
    }

    void a_down_nodes_link_shows_no_rate() {
        // worker-1 (node 2) answers at 20/s, then dies; its links show no rate from the first
        // sample that has it down (not a dwindling average), while what is sent to it and lost shows.
        const auto small = [](double t_s, std::uint64_t delivered, std::uint64_t dropped, NodeState worker) {
            ClusterView v;
            v.t_s = t_s;
            v.nodes.push_back({"client", "client", "", NodeState::Up, "", ""});
            v.nodes.push_back({"lb", "lb", "", NodeState::Up, "", ""});
            v.nodes.push_back({"worker-1", "worker", "", worker, "", ""});
            LinkView to, from;
            to.stats = {1, 2, delivered + dropped, delivered, dropped};
            from.stats = {2, 1, delivered, delivered, 0};
            v.links = {to, from};
            return v;
        };
        TopologySampler sampler;
        sampler.sample(small(1.0, 20, 0, NodeState::Up));
        const TopologySnapshot up = sampler.sample(small(2.0, 40, 0, NodeState::Up));
        QCOMPARE(up.links.size(), std::size_t{1});
        QVERIFY(up.links[0].forward_per_s > 5.0 && up.links[0].backward_per_s > 5.0);  // smoothed toward 20/s
        // Died during the next interval, after 5 more answers; 12 requests lost to it since.
        const TopologySnapshot down = sampler.sample(small(3.0, 45, 12, NodeState::Down));
        QCOMPARE(down.links[0].forward_per_s, 0.0);
        QCOMPARE(down.links[0].backward_per_s, 0.0);
        QCOMPARE(down.links[0].dropped_per_s, 12.0);
        const TopologySnapshot later = sampler.sample(small(4.0, 45, 12, NodeState::Down));
        QCOMPARE(later.links[0].forward_per_s, 0.0);
        QCOMPARE(later.links[0].dropped_per_s, 0.0);
        // Back up: its rate shows again.
        const TopologySnapshot back = sampler.sample(small(5.0, 65, 12, NodeState::Up));
        QVERIFY(back.links[0].forward_per_s > 0.0);
    }

    void recorded_frames_give_the_rates() {
        // The same cluster recorded and read back: rates over an interval, no smoothing.
        TopologyRecorder rec;
        std::vector<TopologyRow> rows;
        for (int i = 1; i <= 8; ++i) rows.push_back(rec.record(cluster(0.25 * i, 20)));
        const TopologyTimeline t(node_names(cluster(0.25, 20)), rows);
        const TopologySnapshot s = group_stages(snapshot_between(t.nodes(), t.frame(3), t.frame(7)), 12);
        QCOMPARE(s.t_s, 2.0);
        QCOMPARE(s.groups.size(), std::size_t{1});
        QCOMPARE(s.groups[0].states[static_cast<std::size_t>(NodeState::Down)], 1);
        for (const TopologyLink& l : s.links) {
            if (s.boxes[static_cast<std::size_t>(l.b)].group == 0 && s.boxes[static_cast<std::size_t>(l.a)].node == 1) {
                QCOMPARE(l.forward_per_s, 20.0 * (kWorkers - 1));  // worker-17 is down: none to it
                QVERIFY(l.faulty);
            }
        }
        const TopologySnapshot first = snapshot_between(t.nodes(), t.start_frame(), t.frame(0));
        QCOMPARE(first.links.size(), std::size_t{1 + 2 * kWorkers});  // node by node, both directions folded
    }
};

QTEST_GUILESS_MAIN(TestViewTopology)
#include "test_view_topology.moc"
