#pragma once
// The status bar's run figures: state, elapsed time, throughput and p99 from the newest
// series row ("—" when the run has no such column).
#include <QWidget>

class QLabel;

namespace archlab {

class SeriesWindow;

class StatusReadout : public QWidget {
    Q_OBJECT
public:
    explicit StatusReadout(QWidget* parent = nullptr);

    /// state: "Running", "Held at the end of step 2" ...; elapsed_s < 0 shows no time.
    void setFigures(const QString& state, double elapsed_s, const SeriesWindow& series);
    /// The state as shown ("Running", "Held at the end of step 2" ...), for tests.
    QString state() const;

private:
    QLabel* state_ = nullptr;
    QLabel* elapsed_ = nullptr;
    QLabel* throughput_ = nullptr;
    QLabel* p99_ = nullptr;
};

}  // namespace archlab
