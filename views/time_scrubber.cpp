#include "views/time_scrubber.h"

#include <algorithm>
#include <cmath>

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QStyle>

namespace archlab {

TimeScrubber::TimeScrubber(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("timeScrubber"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    title_ = new QLabel(this);
    title_->setStyleSheet(QStringLiteral("font-weight: bold;"));
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName(QStringLiteral("scrubSlider"));
    slider_->setPageStep(4);
    slider_->setToolTip(tr("Scrub through the finished run: the charts mark the time and the topology shows its "
                           "node states and link rates then (arrow keys: one sample)"));
    time_ = new QLabel(this);
    time_->setMinimumWidth(time_->fontMetrics().horizontalAdvance(QStringLiteral("000.00 s of 000.0 s")) + 4);
    time_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    rerun_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Re-run to here"), this);
    rerun_->setObjectName(QStringLiteral("rerunToHere"));
    layout->addWidget(title_);
    layout->addWidget(slider_, 1);
    layout->addWidget(time_);
    layout->addWidget(rerun_);
    connect(slider_, &QSlider::valueChanged, this, [this] {
        showTime();
        emit timeChanged(time());
    });
    connect(rerun_, &QPushButton::clicked, this, [this] {
        if (!times_s_.empty()) emit rerunRequested(time());
    });
    clearRun();
}

void TimeScrubber::setRun(std::int64_t run_id, std::vector<double> times_s, bool replayable, bool topology_recorded) {
    times_s_ = std::move(times_s);
    replayable_ = replayable;
    title_->setText(run_id > 0 ? tr("Run #%1").arg(run_id) : tr("Run"));
    title_->setToolTip(topology_recorded ? QString()
                                         : tr("This run's topology was not recorded: scrubbing moves the charts' "
                                              "cursor only"));
    slider_->blockSignals(true);
    slider_->setRange(0, std::max(0, static_cast<int>(times_s_.size()) - 1));
    slider_->setValue(slider_->maximum());
    slider_->blockSignals(false);
    slider_->setEnabled(!times_s_.empty());
    showTime();
    updateRerun();
}

void TimeScrubber::clearRun() {
    setRun(0, {}, false, true);
    time_->setText(QString());
}

double TimeScrubber::time() const {
    if (times_s_.empty()) return std::nan("");
    return times_s_[static_cast<std::size_t>(std::clamp(slider_->value(), 0, static_cast<int>(times_s_.size()) - 1))];
}

void TimeScrubber::setTime(double t_s) {
    if (times_s_.empty()) return;
    const auto it = std::upper_bound(times_s_.begin(), times_s_.end(), t_s + 1e-9);
    slider_->setValue(it == times_s_.begin() ? 0 : static_cast<int>(it - times_s_.begin()) - 1);
}

void TimeScrubber::setRerunAllowed(bool allowed) {
    rerun_allowed_ = allowed;
    updateRerun();
}

void TimeScrubber::showTime() {
    if (times_s_.empty()) return;
    time_->setText(tr("%1 s of %2 s").arg(time(), 0, 'f', 2).arg(times_s_.back(), 0, 'f', 1));
}

void TimeScrubber::updateRerun() {
    rerun_->setEnabled(replayable_ && rerun_allowed_ && !times_s_.empty());
    rerun_->setToolTip(replayable_
                           ? tr("Replay this run in virtual time (same seed, knobs, faults and knob changes, at "
                                "their exact instants) up to the slider's time and hold there; then raise Speed or "
                                "press Step. When it ends, its fingerprint is checked against this run's.")
                           : tr("Only virtual runs can be replayed exactly: a live run depends on this machine's "
                                "timing. Choose Time: Virtual to record runs that can be re-run."));
}

}  // namespace archlab
