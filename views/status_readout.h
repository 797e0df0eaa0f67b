#pragma once
// The status bar's run figures: state, elapsed time, the lab's rate and p99 from the newest
// series row ("—" when the run has no such column or sample), and the jobs shed by full job
// queues once there are any.
#include <QWidget>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/series_table.h"

class QLabel;

namespace archlab {

class SeriesWindow;

class StatusReadout : public QWidget {
    Q_OBJECT
public:
    explicit StatusReadout(QWidget* parent = nullptr);

    /// state: "Running", "Held at the end of step 2" ...; elapsed_s < 0 shows no time. `columns`
    /// names the lab's rate and p99 columns (a run's RunController::status_columns()).
    void setFigures(const QString& state, double elapsed_s, const SeriesWindow& series,
                    const StatusColumns& columns = {});
    /// Jobs the run's nodes shed so far (RunController::jobs_shed): hidden while none were.
    void setJobsShed(const std::vector<std::pair<std::string, std::uint64_t>>& by_node);
    /// The shed figure as shown ("" while hidden), for tests.
    QString jobsShed() const;
    /// The state as shown ("Running", "Held at the end of step 2" ...), for tests.
    QString state() const;
    /// The rate as shown ("throughput 950 req/s", "completed 41 orders/s"), for tests.
    QString rate() const;

private:
    QLabel* state_ = nullptr;
    QLabel* elapsed_ = nullptr;
    QLabel* throughput_ = nullptr;
    QLabel* p99_ = nullptr;
    QLabel* shed_ = nullptr;
};

}  // namespace archlab
