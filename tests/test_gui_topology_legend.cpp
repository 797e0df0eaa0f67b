// The topology's legend explains what is drawn: a node hatched because the balancer took it out
// of the pool (or it drains) gets a hatched swatch named "out of pool" (the hatching had no
// key: a dead node-3 was only "hatched red"); with no such node the swatch is left out.
#include <QImage>
#include <QtTest>

#include "core/lab/node_role.h"
#include "views/topology_model.h"
#include "views/topology_view.h"

using namespace archlab;

namespace {
const bool kOffscreen = [] {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();

/// client -> lb -> node-1..4, node-3 with `role`.
ClusterView pool(const std::string& role) {
    ClusterView v;
    v.t_s = 1.0;
    v.nodes.push_back({"client", "client", "", NodeState::Up, "", ""});
    v.nodes.push_back({"lb", "lb", "", NodeState::Up, "", ""});
    for (int i = 1; i <= 4; ++i) {
        v.nodes.push_back({"node-" + std::to_string(i), "app", "", i == 3 ? NodeState::Down : NodeState::Up, "", i == 3 ? role : ""});
    }
    return v;
}
}  // namespace

class TestGuiTopologyLegend : public QObject {
    Q_OBJECT
private slots:
    void hatching_has_a_key_when_drawn() {
        for (const char* role : {kNodeRoleRemoved, kNodeRoleDraining}) {
            TopologySampler sampler;
            TopologyView view;
            view.resize(900, 400);
            view.setSnapshot(sampler.sample(pool(role)));
            QVERIFY2(view.legendFacts().out_of_pool, role);
            QVERIFY(!view.grab().isNull());  // paints the legend with its swatch
        }
        TopologySampler sampler;
        TopologyView view;
        view.resize(900, 400);
        view.setSnapshot(sampler.sample(pool("")));
        QVERIFY(!view.legendFacts().out_of_pool);
    }
};

QTEST_MAIN(TestGuiTopologyLegend)
#include "test_gui_topology_legend.moc"
