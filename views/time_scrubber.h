#pragma once
// The bar under the charts of a finished run: a slider over its sample times that scrubs (the
// charts mark the time, the topology shows that moment), the time, and "Re-run to here", which
// replays a virtual-time run up to the slider's time and holds it there.
#include <cstdint>
#include <vector>

#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;

namespace archlab {

class TimeScrubber : public QWidget {
    Q_OBJECT
public:
    explicit TimeScrubber(QWidget* parent = nullptr);

    /// A finished run to scrub: its sample times (ascending, s); whether it can be replayed
    /// exactly (a virtual-time run) and whether its topology was recorded. The slider goes to the end.
    void setRun(std::int64_t run_id, std::vector<double> times_s, bool replayable, bool topology_recorded);
    /// No run to scrub.
    void clearRun();
    /// The slider's run time, s (NaN without a run).
    double time() const;
    /// Moves the slider to the last sample at or before t_s (emits timeChanged when it moves).
    void setTime(double t_s);
    /// Whether a re-run may start now (no other run active).
    void setRerunAllowed(bool allowed);

    QSlider* slider() const { return slider_; }
    QPushButton* rerunButton() const { return rerun_; }

signals:
    /// The slider moved to a sample time, s.
    void timeChanged(double t_s);
    /// "Re-run to here" at this run time, s.
    void rerunRequested(double t_s);

private:
    void showTime();
    void updateRerun();

    QLabel* title_ = nullptr;        ///< "Run #12"
    QSlider* slider_ = nullptr;      ///< sample index
    QLabel* time_ = nullptr;         ///< "12.25 s of 30.00 s"
    QPushButton* rerun_ = nullptr;
    std::vector<double> times_s_;    ///< run time of each sample, s
    bool replayable_ = false;        ///< a virtual-time run with a fingerprint
    bool rerun_allowed_ = true;      ///< no run active
};

}  // namespace archlab
