#include "views/status_readout.h"

#include <QHBoxLayout>
#include <QLabel>

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
    throughput_->setToolTip(tr("Completed requests per second in the last sample"));
    p99_->setToolTip(tr("99th percentile latency in the last sample"));
    for (QLabel* l : {state_, elapsed_, throughput_, p99_}) layout->addWidget(l);
}

void StatusReadout::setFigures(const QString& state, double elapsed_s, const SeriesWindow& series) {
    state_->setText(state);
    elapsed_->setText(elapsed_s < 0 ? tr("elapsed %1").arg(kNoReadout) : tr("elapsed %1 s").arg(elapsed_s, 0, 'f', 1));
    const auto rps = series.last("throughput_rps");
    // The newest sample's p99 only: while nothing is answered an older figure would mislead.
    const auto p99 = series.newest("latency_p99_ms");
    throughput_->setText(tr("throughput %1").arg(rps ? tr("%1 req/s").arg(*rps, 0, 'f', 0) : kNoReadout));
    p99_->setText(tr("p99 %1").arg(p99 ? tr("%1 ms").arg(*p99, 0, 'f', *p99 < 10 ? 2 : 1) : kNoReadout));
}

QString StatusReadout::state() const { return state_->text(); }

}  // namespace archlab
