#include "views/width_fit_scroll.h"

#include <algorithm>

#include <QEvent>
#include <QScrollBar>

namespace archlab {

namespace {
constexpr int kMinHeight_px = 90;  ///< a few lines: the rest scrolls
}

WidthFitScroll::WidthFitScroll(QWidget* content, QWidget* parent) : QScrollArea(parent) {
    setWidget(content);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    content->installEventFilter(this);
}

bool WidthFitScroll::eventFilter(QObject* watched, QEvent* event) {
    if (watched == widget() && event->type() == QEvent::LayoutRequest) updateGeometry();
    return QScrollArea::eventFilter(watched, event);
}

QSize WidthFitScroll::minimumSizeHint() const {
    const QWidget* content = widget();
    const int content_w = content ? content->minimumSizeHint().expandedTo(content->minimumSize()).width() : 0;
    return {content_w + verticalScrollBar()->sizeHint().width() + 2 * frameWidth(), kMinHeight_px};
}

}  // namespace archlab
