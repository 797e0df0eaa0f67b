#pragma once
// Beside the topology: the lab's table of its latest items (the transactions lab's latest orders
// and the state of each step), replaced at each frame from the run's latest sample. Hidden for
// labs that keep no such table. Columns are as wide as their words; a narrow panel scrolls.
#include <QWidget>

#include "core/lab/lab.h"

class QLabel;
class QTableWidget;

namespace archlab {

class ItemTablePanel : public QWidget {
    Q_OBJECT
public:
    explicit ItemTablePanel(QWidget* parent = nullptr);

    /// Shows the table; one without columns hides the panel.
    void setTable(const ItemTable& table);
    void clear();

private:
    QLabel* title_;  ///< wrapped, so a long title does not set the panel's width
    QTableWidget* table_;
    ItemTable shown_;  ///< what is on screen, so an unchanged sample redraws nothing
};

}  // namespace archlab
