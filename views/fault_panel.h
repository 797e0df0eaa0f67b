#pragma once
// Breaks things on purpose: node faults (kill, restart, pause, resume, slow, partition, heal)
// for the node selected here or in the topology, and link faults (delay, drop, heal) between
// two chosen nodes. Emits each fault; the window injects it into the running lab.
#include <map>
#include <string>
#include <vector>

#include <QWidget>

#include "core/lab/fault_event.h"
#include "core/lab/lab.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace archlab {

class FaultPanel : public QWidget {
    Q_OBJECT
public:
    explicit FaultPanel(QWidget* parent = nullptr);

    /// The nodes of the running cluster; empty disables the panel.
    void setNodes(const std::vector<std::string>& names);
    /// The lab's own actions (flush, promote): one button each, shown only for labs that have them.
    void setActions(const std::vector<LabAction>& actions);
    /// Each node's kind (name -> kind): a lab action is offered only on nodes of its kinds
    /// (Promote on a replica, not on the client).
    void setNodeKinds(std::map<std::string, std::string> kinds);
    /// Enables the buttons while a run is in progress.
    void setRunActive(bool active);
    /// Chooses the node the node buttons act on (from a click in the topology).
    void selectNode(const std::string& name);
    std::string selectedNode() const;

signals:
    /// A fault to inject now (the window fills in its time).
    void faultRequested(const archlab::FaultEvent& fault);
    /// The node chosen in this panel's combo box changed.
    void nodeChosen(const QString& name);

private:
    QWidget* buildNodeGroup();
    QWidget* buildLinkGroup();
    void emitNode(const std::string& action, const std::string& value = {});
    void emitLink(const std::string& action, const std::string& value = {});
    void updateEnabled();

    QComboBox* node_ = nullptr;       ///< target of node faults
    QSpinBox* slow_ms_ = nullptr;     ///< extra time per message for "slow", ms
    QComboBox* from_ = nullptr;       ///< link source
    QComboBox* to_ = nullptr;         ///< link destination
    QCheckBox* both_ = nullptr;       ///< link faults on both directions
    QSpinBox* delay_ms_ = nullptr;    ///< added one-way delay, ms
    QDoubleSpinBox* drop_pct_ = nullptr;  ///< share of messages lost, percent
    QLabel* status_ = nullptr;        ///< why the panel is disabled
    QWidget* actions_box_ = nullptr;  ///< the lab's own action buttons
    std::vector<QWidget*> action_buttons_;  ///< in actions_box_, rebuilt per lab
    std::vector<std::vector<std::string>> action_kinds_;  ///< per action button: node kinds it applies to (empty = any)
    std::map<std::string, std::string> node_kinds_;        ///< node name -> kind, of the running cluster
    std::vector<QWidget*> controls_;  ///< enabled only while a run is active
    bool run_active_ = false;
};

}  // namespace archlab
