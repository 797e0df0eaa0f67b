#include "views/lab_chooser.h"

#include <algorithm>

#include "core/lab/lab_registry.h"

namespace archlab {

LabChooser::LabChooser(const LabRegistry& labs, QWidget* parent) : QListWidget(parent), labs_(labs) {
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    for (const Lab* lab : labs_.all()) {
        const LabInfo& info = lab->info();
        auto* item = new QListWidgetItem(QString::fromStdString(info.title), this);
        item->setData(Qt::UserRole, QString::fromStdString(info.id));
        item->setToolTip(QStringLiteral("<b>%1</b> (%2)<br>%3")
                             .arg(QString::fromStdString(info.title).toHtmlEscaped(),
                                  QString::fromStdString(info.id).toHtmlEscaped(),
                                  QString::fromStdString(info.summary).toHtmlEscaped()));
    }
    connect(this, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item) emit labChosen(current());
    });
}

bool LabChooser::select(const std::string& id) {
    for (int i = 0; i < count(); ++i) {
        if (item(i)->data(Qt::UserRole).toString().toStdString() == id) {
            setCurrentRow(i);
            return true;
        }
    }
    return false;
}

const Lab* LabChooser::current() const {
    const QListWidgetItem* item = currentItem();
    return item ? labs_.find(item->data(Qt::UserRole).toString().toStdString()) : nullptr;
}

QSize LabChooser::minimumSizeHint() const {
    // Every lab visible without scrolling (up to eight), and its titles whole.
    int widest = 0;
    for (int i = 0; i < count(); ++i) widest = std::max(widest, fontMetrics().horizontalAdvance(item(i)->text()));
    const int rows = std::max(2, std::min(count(), 8));
    return {widest + 2 * frameWidth() + 12, rows * sizeHintForRow(0) + 2 * frameWidth()};
}

QSize LabChooser::sizeHint() const {
    const int rows = std::max(2, std::min(count(), 6));
    return {240, rows * (fontMetrics().height() + 8) + 6};
}

}  // namespace archlab
