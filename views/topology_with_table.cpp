#include "views/topology_with_table.h"

#include <QBoxLayout>
#include <QResizeEvent>

#include "views/item_table_panel.h"

namespace archlab {

namespace {
constexpr int kStackedRows = 3;            ///< rows of the table in view under the topology
constexpr int kStackedTopology_px = 160;   ///< the topology's height above the table: four nodes in a column, names whole
constexpr int kHysteresis_px = 24;         ///< room beyond the need before the table goes back beside
}  // namespace

TopologyWithTable::TopologyWithTable(QWidget* topology, ItemTablePanel* items, QWidget* parent)
    : QWidget(parent), topology_(topology), items_(items), layout_(new QBoxLayout(QBoxLayout::LeftToRight, this)) {
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(4);
    layout_->addWidget(topology_, 1);
    layout_->addWidget(items_, 1000);
    connect(items_, &ItemTablePanel::shapeChanged, this, &TopologyWithTable::place);
}

bool TopologyWithTable::stacked() const { return layout_->direction() == QBoxLayout::TopToBottom; }

void TopologyWithTable::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    place();
}

void TopologyWithTable::place() {
    // Beside only when both get what they need: the topology its names' width, the table all its columns.
    // Back beside only with a little room to spare: a column growing by a digit does not move it to and fro.
    const int need = topology_->minimumSizeHint().width() + layout_->spacing() + items_->fullWidth() +
                     (stacked() ? kHysteresis_px : 0);
    const bool beside = items_->isHidden() || width() >= need;
    const auto direction = beside ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    // Beside, the table takes the width of its columns (no more: its maximum) and the topology
    // the rest; a minimum would hold the window wider than the user wants it.
    items_->setMaximumWidth(beside && !items_->isHidden() ? items_->fullWidth() : QWIDGETSIZE_MAX);
    if (layout_->direction() == direction) return;
    layout_->setDirection(direction);
    layout_->setStretchFactor(topology_, 1);
    layout_->setStretchFactor(items_, beside ? 1000 : 0);
    // Stacked, the table shows a few rows (it scrolls for more) and the topology keeps the
    // height a column of four services needs, so the row asks the splitter for both.
    items_->setMaximumHeight(beside ? QWIDGETSIZE_MAX : items_->heightForRows(kStackedRows));
    setMinimumHeight(beside ? 0 : kStackedTopology_px + layout_->spacing() + items_->heightForRows(kStackedRows));
}

}  // namespace archlab
