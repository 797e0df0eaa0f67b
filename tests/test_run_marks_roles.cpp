// What the window marks and names, made without Qt widgets: the faults and knob changes of a
// run as chart marks (from the controller while it runs and from a stored summary), and the
// roles labs give their nodes (replication: who is primary after a promote; load balancing:
// a node the balancer took out of the pool). Virtual time, fixed seeds.
#include <QTest>

#include <nlohmann/json.hpp>

#include "core/lab/run_controller.h"
#include "core/lab/run_mark.h"
#include "lab_runs.h"

using namespace archlab;

namespace {
/// A virtual run of `lab` with a fault timeline and knob changes; returns the finished controller's view.
struct Finished {
    ClusterView cluster;
    std::vector<RunMark> marks;
    nlohmann::json summary;
};

Finished run_virtual(const std::string& lab_id, const std::vector<std::pair<std::string, std::string>>& sets,
                     const std::vector<std::string>& faults, std::vector<KnobChange> knobs, double seconds) {
    const Lab& lab = lab_test::lab(lab_id);
    RunRequest req;
    req.lab = &lab;
    req.settings = lab.default_settings();
    for (const auto& [k, v] : sets) req.settings.set(k, v);
    for (const std::string& f : faults) req.faults.push_back(FaultEvent::parse(f));
    req.knob_changes = std::move(knobs);
    req.seed = 3;
    req.duration = from_ms(seconds * 1e3);
    req.time_mode = TimeMode::Virtual;
    RunController run(req, nullptr);
    run.start();
    run.wait();
    return {run.cluster(), run.marks(), run.summary()};
}

std::string role_of(const ClusterView& v, const std::string& node) {
    for (const NodeView& n : v.nodes) {
        if (n.name == node) return n.role;
    }
    return "(no such node)";
}
}  // namespace

class TestRunMarksRoles : public QObject {
    Q_OBJECT
private slots:
    void marks_from_a_summary_in_time_order() {
        const nlohmann::json summary = {
            {"faults", {{{"at_s", 6.0}, {"action", "promote"}, {"target", "replica-2"}, {"value", ""}},
                        {{"at_s", 4.0}, {"action", "slow"}, {"target", "db"}, {"value", "20ms"}}}},
            {"knob_changes", {{{"at_s", 5.0}, {"knob", "arrival_rps"}, {"value", "900"}}}}};
        const std::vector<RunMark> marks = marks_from_summary(summary);
        QCOMPARE(marks.size(), std::size_t{3});
        QCOMPARE(marks[0].text, std::string("slow db 20ms"));
        QCOMPARE(marks[1].text, std::string("arrival_rps = 900"));
        QVERIFY(marks[1].knob);
        QCOMPARE(marks[2].text, std::string("promote replica-2"));
        QCOMPARE(first_fault_s(marks), 4.0);
        QCOMPARE(first_fault_s({{1.0, "rate = 2", true}}), -1.0);
        QVERIFY(marks_from_summary(nlohmann::json()).empty());  // a run without a summary yet
    }

    void replication_roles_follow_a_promote() {
        const Finished before = run_virtual("replication", {}, {}, {}, 2.0);
        QCOMPARE(role_of(before.cluster, "primary"), std::string("primary"));
        QCOMPARE(role_of(before.cluster, "replica-2"), std::string("replica"));
        QCOMPARE(role_of(before.cluster, "client"), std::string());

        const Finished after = run_virtual("replication", {}, {"2s:promote:replica-2"}, {}, 4.0);
        QCOMPARE(role_of(after.cluster, "replica-2"), std::string("primary"));
        QCOMPARE(role_of(after.cluster, "primary"), std::string("replica"));
        QCOMPARE(role_of(after.cluster, "replica-1"), std::string("replica"));
        // The controller's marks and the summary's say the same.
        QCOMPARE(after.marks.size(), std::size_t{1});
        QCOMPARE(after.marks[0].text, std::string("promote replica-2"));
        QCOMPARE(after.marks[0].t_s, 2.0);
        const std::vector<RunMark> stored = marks_from_summary(after.summary);
        QCOMPARE(stored.size(), std::size_t{1});
        QCOMPARE(stored[0].text, after.marks[0].text);
        QCOMPARE(stored[0].t_s, after.marks[0].t_s);

        // Quorum replication has no primary: no roles.
        const Finished quorum = run_virtual("replication", {{"replication", "quorum"}}, {}, {}, 1.0);
        QCOMPARE(role_of(quorum.cluster, "primary"), std::string());
    }

    void a_killed_node_leaves_the_balancers_pool() {
        KnobChange rate{from_ms(1500), "arrival_rps", "300"};
        const Finished run = run_virtual("load-balancing", {}, {"1s:kill:node-2"}, {rate}, 4.0);
        QCOMPARE(role_of(run.cluster, "node-2"), std::string(kNodeRoleRemoved));
        QCOMPARE(role_of(run.cluster, "node-1"), std::string());
        QCOMPARE(run.marks.size(), std::size_t{2});
        QCOMPARE(run.marks[0].text, std::string("kill node-2"));
        QVERIFY(!run.marks[0].knob);
        QCOMPARE(run.marks[1].text, std::string("arrival_rps = 300"));
        QVERIFY(run.marks[1].knob);
    }
};

QTEST_GUILESS_MAIN(TestRunMarksRoles)
#include "test_run_marks_roles.moc"
