#pragma once
// The difference readout of an A/B run: one row per headline figure (throughput, error rate,
// p99, the lab's own), with A, B and B - A; the difference is green where B does better and
// red where it does worse. Fed from the series while the pair runs and from the two summaries
// once it finished (core/lab/ab_figures.h).
#include <vector>

#include <QWidget>

#include "core/lab/ab_figures.h"

class QLabel;
class QTableWidget;

namespace archlab {

class AbFiguresTable : public QWidget {
    Q_OBJECT
public:
    explicit AbFiguresTable(QWidget* parent = nullptr);

    /// Names the columns by the variants ("A: policy=lru").
    void setVariants(const QString& a_name, const QString& b_name);
    /// Shows these figures; `basis` says what they are over ("last 10 s of run time", "whole run").
    void setFigures(const std::vector<AbFigure>& figures, const QString& basis);
    void clear();

    /// The text of a cell (row = figure, column 0 name, 1 A, 2 B, 3 B - A), for tests.
    QString cellText(int row, int column) const;
    int rowCount() const;

private:
    void fitHeight();

    QLabel* basis_ = nullptr;
    QTableWidget* table_ = nullptr;
};

}  // namespace archlab
