#pragma once
// The topology and, for labs that keep one, the table of their latest items (ItemTablePanel),
// side by side when the row is wide enough for the topology and every column of the table, and
// the table under the topology otherwise (a laptop's 1366 px leave the centre about 720 px):
// a transaction's steps are then all on screen instead of behind a sideways scroll.
#include <QWidget>

class QBoxLayout;

namespace archlab {

class ItemTablePanel;

class TopologyWithTable : public QWidget {
    Q_OBJECT
public:
    TopologyWithTable(QWidget* topology, ItemTablePanel* items, QWidget* parent = nullptr);

    /// True while the table sits under the topology.
    bool stacked() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void place();

    QWidget* topology_;
    ItemTablePanel* items_;
    QBoxLayout* layout_;
};

}  // namespace archlab
