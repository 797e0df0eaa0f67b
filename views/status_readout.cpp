#include "views/status_readout.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStringList>

#include "views/series_window.h"

namespace archlab {

namespace {
const QString kNoReadout = QStringLiteral("—");
}

StatusReadout::StatusReadout(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 4, 0);
    layout->setSpacing(14);
    state_ = new QLabel(this);
    elapsed_ = new QLabel(this);
    throughput_ = new QLabel(this);
    p99_ = new QLabel(this);
    state_->setMinimumWidth(95);
    elapsed_->setMinimumWidth(95);
    throughput_->setMinimumWidth(150);
    p99_->setMinimumWidth(100);
    elapsed_->setToolTip(tr("Run time so far"));
    shed_ = new QLabel(this);
    shed_->setStyleSheet(QStringLiteral("color: #b35900;"));   // dark orange (readable on the bar): a warning, not a failure
    shed_->hide();
    for (QLabel* l : {shed_, state_, elapsed_, throughput_, p99_}) layout->addWidget(l);
}

void StatusReadout::setFigures(const QString& state, double elapsed_s, const SeriesWindow& series,
                               const StatusColumns& columns) {
    state_->setText(state);
    elapsed_->setText(elapsed_s < 0 ? tr("elapsed %1").arg(kNoReadout) : tr("elapsed %1 s").arg(elapsed_s, 0, 'f', 1));
    const auto rate = columns.rate_column.empty() ? std::nullopt : series.last(columns.rate_column);
    // The newest sample's p99 only: while nothing is answered an older figure would mislead.
    const auto p99 = columns.p99_column.empty() ? std::nullopt : series.newest(columns.p99_column);
    const QString label = QString::fromStdString(columns.rate_label);
    throughput_->setText(label + ' ' + (rate ? QStringLiteral("%1 %2").arg(*rate, 0, 'f', 0).arg(QString::fromStdString(columns.rate_unit))
                                             : kNoReadout));
    p99_->setText(tr("p99 %1").arg(p99 ? tr("%1 ms").arg(*p99, 0, 'f', *p99 < 10 ? 2 : 1) : kNoReadout));
    throughput_->setToolTip(QString::fromStdString(columns.rate_tip));
    p99_->setToolTip(QString::fromStdString(columns.p99_tip));
}

void StatusReadout::setJobsShed(const std::vector<std::pair<std::string, std::uint64_t>>& by_node) {
    std::uint64_t total = 0;
    QStringList nodes;
    for (const auto& [node, n] : by_node) {
        total += n;
        nodes << tr("%1: %2").arg(QString::fromStdString(node)).arg(n);
    }
    if (total == 0) {
        shed_->hide();
        shed_->clear();
        return;
    }
    shed_->setText(tr("jobs shed %1").arg(total));
    shed_->setToolTip(tr("Work dropped unrun because a node's job queue was full (the lab's queue limit, "
                         "e.g. db_queue_limit). By node: %1. The Event log says when each began and stopped.")
                          .arg(nodes.join(QStringLiteral(", "))));
    shed_->show();
}

QString StatusReadout::jobsShed() const { return shed_->isHidden() ? QString() : shed_->text(); }

QString StatusReadout::state() const { return state_->text(); }

QString StatusReadout::rate() const { return throughput_->text(); }

}  // namespace archlab
