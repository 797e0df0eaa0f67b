#include "views/item_table_panel.h"

#include <algorithm>

#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace archlab {

namespace {
bool same(const ItemTable& a, const ItemTable& b) { return a.title == b.title && a.columns == b.columns && a.rows == b.rows; }
}  // namespace

ItemTablePanel::ItemTablePanel(QWidget* parent)
    : QWidget(parent), title_(new QLabel(this)), table_(new QTableWidget(this)) {
    setObjectName(QStringLiteral("itemTablePanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    title_->setWordWrap(true);
    layout->addWidget(title_);
    layout->addWidget(table_, 1);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 4);
    // Each column as wide as its words, none cut short: a narrow panel scrolls sideways. (A
    // stretched last column would be squeezed below its words instead.)
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    hide();
}

void ItemTablePanel::clear() {
    shown_ = {};
    table_->clear();
    table_->setRowCount(0);
    table_->setColumnCount(0);
    if (isHidden()) return;
    hide();
    full_width_ = 0;
    emit shapeChanged();
}

int ItemTablePanel::heightForRows(int rows) const {
    const QMargins m = layout()->contentsMargins();
    return m.top() + m.bottom() + title_->sizeHint().height() + layout()->spacing() + 2 * table_->frameWidth() +
           table_->horizontalHeader()->sizeHint().height() + rows * table_->verticalHeader()->defaultSectionSize();
}

int ItemTablePanel::fullWidth() const {
    const QMargins m = layout()->contentsMargins();
    // From the contents, not the header's current sections: those follow a change only at the next layout.
    const QAbstractItemView* view = table_;  // sizeHintForColumn is public there
    int columns = 0;
    for (int c = 0; c < table_->columnCount(); ++c) {
        columns += std::max(view->sizeHintForColumn(c), table_->horizontalHeader()->sectionSizeHint(c));
    }
    return columns + table_->verticalScrollBar()->sizeHint().width() +
           2 * table_->frameWidth() + m.left() + m.right();
}

void ItemTablePanel::setTable(const ItemTable& t) {
    if (t.columns.empty()) return clear();
    if (same(t, shown_)) return;
    shown_ = t;
    title_->setText(QString::fromStdString(t.title));
    QStringList header;
    for (const std::string& c : t.columns) header << QString::fromStdString(c);
    table_->setColumnCount(int(t.columns.size()));
    table_->setHorizontalHeaderLabels(header);
    table_->setRowCount(int(t.rows.size()));
    for (int r = 0; r < int(t.rows.size()); ++r) {
        const auto& row = t.rows[std::size_t(r)];
        for (int c = 0; c < int(t.columns.size()); ++c) {
            const QString text = c < int(row.size()) ? QString::fromStdString(row[std::size_t(c)]) : QString();
            QTableWidgetItem* item = table_->item(r, c);
            if (!item) table_->setItem(r, c, new QTableWidgetItem(text));
            else if (item->text() != text) item->setText(text);
        }
    }
    const bool was_hidden = isHidden();
    show();
    // Columns size to their words as they change: a wider table may no longer fit beside the topology.
    if (const int full = fullWidth(); was_hidden || full != full_width_) {
        full_width_ = full;
        emit shapeChanged();
    }
}

}  // namespace archlab
