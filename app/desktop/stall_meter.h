#pragma once
// How long the window's event loop stalls: a 10 ms QTimer on the GUI thread notes the gap
// between its ticks; at quit the figures go to a file as one JSON object
// (ticks, max_gap_ms, p99_gap_ms, gaps_over_100ms). For bench/window_stall.sh, behind the
// hidden option --stall-report FILE.
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <vector>

namespace archlab {

class StallMeter : public QObject {
public:
    StallMeter(QString report_path, QObject* parent);

private:
    void tick();
    void write_report() const;

    static constexpr int kIntervalMs = 10;   ///< asked tick interval, ms
    QString path_;                           ///< where the report goes at quit
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ns_ = -1;                    ///< previous tick, ns on clock_
    std::vector<std::uint32_t> gaps_us_;     ///< every gap between ticks, us (a 10-minute run: 60,000)
};

}  // namespace archlab
