#include "views/ab_figures_table.h"

#include <QBrush>
#include <QColor>
#include <algorithm>

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace archlab {

namespace {
QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(align);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}
}  // namespace

AbFiguresTable::AbFiguresTable(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    basis_ = new QLabel(this);
    basis_->setWordWrap(true);
    basis_->setStyleSheet(QStringLiteral("color: #555;"));
    layout->addWidget(basis_);
    table_ = new QTableWidget(0, 4, this);
    table_->setObjectName(QStringLiteral("abFigures"));
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(false);
    table_->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    table_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    layout->addWidget(table_, 1);
    setVariants(QStringLiteral("A"), QStringLiteral("B"));
    clear();
}

void AbFiguresTable::setVariants(const QString& a_name, const QString& b_name) {
    table_->setHorizontalHeaderLabels({tr("figure"), tr("A: %1").arg(a_name), tr("B: %1").arg(b_name), tr("B − A")});
}

void AbFiguresTable::setFigures(const std::vector<AbFigure>& figures, const QString& basis) {
    QString note;  // the caveat the starred rows share, said under the table as well as in their tooltips
    for (const AbFigure& f : figures) {
        if (!f.caveat.empty()) note = tr("* Not compared: latency of %1.").arg(QString::fromStdString(f.caveat));
    }
    basis_->setText(note.isEmpty() ? basis : basis + QStringLiteral("\n") + note);
    table_->setRowCount(static_cast<int>(figures.size()));
    for (int r = 0; r < static_cast<int>(figures.size()); ++r) {
        const AbFigure& f = figures[static_cast<std::size_t>(r)];
        table_->setItem(r, 0, cell(QString::fromStdString(f.label), Qt::AlignLeft | Qt::AlignVCenter));
        table_->setItem(r, 1, cell(QString::fromStdString(format_ab_value(f.a, f.unit))));
        table_->setItem(r, 2, cell(QString::fromStdString(format_ab_value(f.b, f.unit))));
        auto* delta = cell(QString::fromStdString(format_ab_delta(f)));
        const int better = f.b_better();
        if (better != 0) {
            delta->setForeground(better > 0 ? QColor(0x1b, 0x5e, 0x20) : QColor(0xb7, 0x1c, 0x1c));
            delta->setToolTip(better > 0 ? tr("B does better here") : tr("A does better here"));
        } else if (!f.caveat.empty()) {  // a difference that is not a verdict
            delta->setText(delta->text() + QStringLiteral(" *"));
            delta->setToolTip(tr("Not comparable: %1").arg(QString::fromStdString(f.caveat)));
        }
        table_->setItem(r, 3, delta);
    }
    fitHeight();
}

void AbFiguresTable::fitHeight() {
    // As tall as its rows (a handful), so the charts below get the rest of the height.
    constexpr int kMaxRows = 9;
    const int rows = std::min(std::max(table_->rowCount(), 3), kMaxRows);
    table_->setFixedHeight(table_->horizontalHeader()->height() + rows * table_->verticalHeader()->defaultSectionSize() +
                           2 * table_->frameWidth() + 2);
}

void AbFiguresTable::clear() {
    table_->setRowCount(0);
    fitHeight();
    basis_->setText(tr("The difference between A and B appears here once both run."));
}

QString AbFiguresTable::cellText(int row, int column) const {
    const QTableWidgetItem* item = table_->item(row, column);
    return item ? item->text() : QString();
}

int AbFiguresTable::rowCount() const { return table_->rowCount(); }

}  // namespace archlab
