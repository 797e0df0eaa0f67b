#pragma once
// Beside or under the topology (TopologyWithTable): the lab's table of its latest items (the transactions lab's latest orders
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
    /// Width, pixels, that shows every column whole without a sideways scroll.
    int fullWidth() const;
    /// Height, pixels, of the title, the header and `rows` rows.
    int heightForRows(int rows) const;

signals:
    /// Shown, hidden, or its columns changed width: where it goes may change.
    void shapeChanged();

private:
    QLabel* title_;  ///< wrapped, so a long title does not set the panel's width
    QTableWidget* table_;
    ItemTable shown_;  ///< what is on screen, so an unchanged sample redraws nothing
    int full_width_ = 0;  ///< fullWidth() when shapeChanged() was last sent
};

}  // namespace archlab
