#include "views/fault_panel.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace archlab {

FaultPanel::FaultPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildNodeGroup());
    layout->addWidget(buildLinkGroup());
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setStyleSheet(QStringLiteral("color: #666;"));
    layout->addWidget(status_);
    layout->addStretch(1);
    updateEnabled();
}

QWidget* FaultPanel::buildNodeGroup() {
    auto* group = new QGroupBox(tr("Node"), this);
    auto* grid = new QGridLayout(group);
    grid->setContentsMargins(6, 6, 6, 6);
    grid->setSpacing(4);
    node_ = new QComboBox(group);
    node_->setToolTip(tr("The node the buttons below act on; clicking a node in the topology chooses it too"));
    connect(node_, &QComboBox::currentTextChanged, this, [this](const QString& t) {
        updateEnabled();  // a lab action may not fit the newly chosen node
        emit nodeChosen(t);
    });
    grid->addWidget(node_, 0, 0, 1, 3);

    const auto button = [&](const QString& text, const QString& tip, const std::string& action, int row, int col) {
        auto* b = new QPushButton(text, group);
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, [this, action] { emitNode(action); });
        grid->addWidget(b, row, col);
        controls_.push_back(b);
    };
    button(tr("Kill"), tr("Stop the node: its state and queued messages are lost"), "kill", 1, 0);
    button(tr("Restart"), tr("Start a fresh instance of the node"), "restart", 1, 1);
    button(tr("Pause"), tr("Stop-the-world freeze: messages and timers wait"), "pause", 1, 2);
    button(tr("Resume"), tr("End a pause"), "resume", 2, 0);
    button(tr("Partition"), tr("Cut every link to and from the node"), "partition", 2, 1);
    button(tr("Heal"), tr("Reconnect a partitioned node"), "heal", 2, 2);
    actions_box_ = new QWidget(group);
    // Two to a row: four of a lab's own (add, remove, split, move) in one row made the dock
    // too wide for a laptop beside the knobs.
    auto* actions_grid = new QGridLayout(actions_box_);
    actions_grid->setContentsMargins(0, 0, 0, 0);
    actions_grid->setSpacing(4);
    grid->addWidget(actions_box_, 4, 0, 1, 3);
    actions_box_->hide();

    slow_ms_ = new QSpinBox(group);
    slow_ms_->setRange(1, 10000);
    slow_ms_->setValue(20);
    slow_ms_->setSuffix(tr(" ms"));
    slow_ms_->setToolTip(tr("Extra time the node spends on every message it handles"));
    grid->addWidget(slow_ms_, 3, 0);
    auto* slow = new QPushButton(tr("Slow"), group);
    slow->setToolTip(tr("Add the time on the left to every message the node handles"));
    connect(slow, &QPushButton::clicked, this, [this] { emitNode("slow", std::to_string(slow_ms_->value()) + "ms"); });
    grid->addWidget(slow, 3, 1);
    auto* unslow = new QPushButton(tr("Unslow"), group);
    unslow->setToolTip(tr("Undo Slow"));
    connect(unslow, &QPushButton::clicked, this, [this] { emitNode("unslow"); });
    grid->addWidget(unslow, 3, 2);
    controls_.insert(controls_.end(), {node_, slow_ms_, slow, unslow});
    return group;
}

QWidget* FaultPanel::buildLinkGroup() {
    auto* group = new QGroupBox(tr("Link"), this);
    auto* grid = new QGridLayout(group);
    grid->setContentsMargins(6, 6, 6, 6);
    grid->setSpacing(4);
    from_ = new QComboBox(group);
    to_ = new QComboBox(group);
    from_->setToolTip(tr("Messages from this node..."));
    to_->setToolTip(tr("...to this node"));
    grid->addWidget(from_, 0, 0);
    grid->addWidget(new QLabel(QStringLiteral("→"), group), 0, 1, Qt::AlignCenter);
    grid->addWidget(to_, 0, 2);
    both_ = new QCheckBox(tr("both directions"), group);
    both_->setChecked(true);
    grid->addWidget(both_, 1, 0, 1, 3);

    delay_ms_ = new QSpinBox(group);
    delay_ms_->setRange(1, 10000);
    delay_ms_->setValue(5);
    delay_ms_->setSuffix(tr(" ms"));
    delay_ms_->setToolTip(tr("Added one-way delay"));
    auto* delay = new QPushButton(tr("Delay"), group);
    delay->setToolTip(tr("Add the delay on the left to every message on the link"));
    connect(delay, &QPushButton::clicked, this, [this] { emitLink("delay", std::to_string(delay_ms_->value()) + "ms"); });
    grid->addWidget(delay_ms_, 2, 0);
    grid->addWidget(delay, 2, 2);

    drop_pct_ = new QDoubleSpinBox(group);
    drop_pct_->setRange(0.1, 100.0);
    drop_pct_->setDecimals(1);
    drop_pct_->setValue(10.0);
    drop_pct_->setSuffix(tr(" %"));
    drop_pct_->setToolTip(tr("Share of messages the link loses"));
    auto* drop = new QPushButton(tr("Drop"), group);
    drop->setToolTip(tr("Lose the share of messages on the left"));
    connect(drop, &QPushButton::clicked, this,
            [this] { emitLink("drop", QString::number(drop_pct_->value() / 100.0, 'g', 4).toStdString()); });
    grid->addWidget(drop_pct_, 3, 0);
    grid->addWidget(drop, 3, 2);

    auto* cut = new QPushButton(tr("Cut"), group);
    cut->setToolTip(tr("Lose every message on the link until it is healed (the two nodes stay up)"));
    connect(cut, &QPushButton::clicked, this, [this] { emitLink("cut"); });
    grid->addWidget(cut, 4, 0);
    auto* heal = new QPushButton(tr("Heal link"), group);
    heal->setToolTip(tr("Remove every fault from the link"));
    connect(heal, &QPushButton::clicked, this, [this] { emitLink("heal-link"); });
    grid->addWidget(heal, 4, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(2, 1);
    controls_.insert(controls_.end(), {from_, to_, both_, delay_ms_, delay, drop_pct_, drop, cut, heal});
    return group;
}

void FaultPanel::setNodes(const std::vector<std::string>& names) {
    const QString keep = node_->currentText();
    for (QComboBox* box : {node_, from_, to_}) {
        const QSignalBlocker block(box);
        box->clear();
        for (const std::string& n : names) box->addItem(QString::fromStdString(n));
    }
    if (!keep.isEmpty() && node_->findText(keep) >= 0) node_->setCurrentText(keep);
    if (to_->count() > 1) to_->setCurrentIndex(1);
    emit nodeChosen(node_->currentText());
    updateEnabled();
}

void FaultPanel::setActions(const std::vector<LabAction>& actions) {
    for (QWidget* b : action_buttons_) {
        controls_.erase(std::remove(controls_.begin(), controls_.end(), b), controls_.end());
        delete b;
    }
    action_buttons_.clear();
    action_kinds_.clear();
    for (const LabAction& a : actions) {
        auto* b = new QPushButton(QString::fromStdString(a.label), actions_box_);
        b->setObjectName(QStringLiteral("action-") + QString::fromStdString(a.name));
        b->setToolTip(QString::fromStdString(a.help));
        b->setProperty("help", QString::fromStdString(a.help));
        const std::string action = a.name;
        connect(b, &QPushButton::clicked, this, [this, action] { emitNode(action); });
        const int i = static_cast<int>(action_buttons_.size());
        static_cast<QGridLayout*>(actions_box_->layout())->addWidget(b, i / 2, i % 2);
        action_buttons_.push_back(b);
        action_kinds_.push_back(a.kinds);
    }
    actions_box_->setVisible(!actions.empty());
    updateEnabled();
}

void FaultPanel::setRunActive(bool active) {
    run_active_ = active;
    updateEnabled();
}

void FaultPanel::selectNode(const std::string& name) {
    const int i = node_->findText(QString::fromStdString(name));
    if (i >= 0) node_->setCurrentIndex(i);
}

std::string FaultPanel::selectedNode() const { return node_->currentText().toStdString(); }

void FaultPanel::emitNode(const std::string& action, const std::string& value) {
    const std::string target = selectedNode();
    if (target.empty()) return;
    FaultEvent f;
    f.action = action;
    f.target = target;
    f.value = value;
    emit faultRequested(f);
}

void FaultPanel::emitLink(const std::string& action, const std::string& value) {
    const std::string a = from_->currentText().toStdString(), b = to_->currentText().toStdString();
    if (a.empty() || b.empty()) return;
    if (a == b) {
        status_->setText(tr("Choose two different nodes for a link fault."));
        return;
    }
    FaultEvent f;
    f.action = action;
    f.target = a + (both_->isChecked() ? "<->" : "->") + b;
    f.value = value;
    emit faultRequested(f);
}

void FaultPanel::setNodeKinds(std::map<std::string, std::string> kinds) {
    node_kinds_ = std::move(kinds);
    updateEnabled();
}

void FaultPanel::updateEnabled() {
    const bool on = run_active_ && node_->count() > 0;
    for (QWidget* w : controls_) w->setEnabled(on);
    // A lab action only where it applies: the chosen node is of one of its kinds.
    const auto kind = node_kinds_.find(node_->currentText().toStdString());
    for (std::size_t i = 0; i < action_buttons_.size(); ++i) {
        const std::vector<std::string>& kinds = action_kinds_[i];
        const bool fits = kinds.empty() || kind == node_kinds_.end() ||
                          std::find(kinds.begin(), kinds.end(), kind->second) != kinds.end();
        action_buttons_[i]->setEnabled(on && fits);
        action_buttons_[i]->setToolTip(QString::fromStdString(fits ? std::string() : "Not for this node: ") +
                                       action_buttons_[i]->property("help").toString());
    }
    status_->setText(on ? tr("Faults apply at once and go into the run's record.")
                        : tr("Start a run to break its nodes and links."));
}

}  // namespace archlab
