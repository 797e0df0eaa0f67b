#include "views/scaled_view.h"

#include <algorithm>
#include <cmath>

#include <QPainter>

namespace archlab {

ScaledView::ScaledView(QWidget* inner, QWidget* parent) : QWidget(parent), inner_(inner) {
    // The inner widget is a hidden child: render() lays it out and paints it into this one.
    inner_->setParent(this);
    inner_->hide();
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    fit();
}

ScaledView::~ScaledView() = default;

void ScaledView::setScale(double scale) {
    scale_ = std::clamp(scale, 0.5, 4.0);
    fit();
    update();
}

void ScaledView::setLogicalMinimum(QSizeF size) {
    logical_minimum_ = size;
    fit();
    update();
}

double ScaledView::effectiveScale() const {
    double s = scale_;
    if (logical_minimum_.width() > 0) s = std::min(s, width() / logical_minimum_.width());
    if (logical_minimum_.height() > 0) s = std::min(s, height() / logical_minimum_.height());
    return std::max(std::min(1.0, scale_), s);
}

void ScaledView::fit() {
    const double scale = effectiveScale();
    const QSize logical(std::max(1, static_cast<int>(std::floor(width() / scale))),
                        std::max(1, static_cast<int>(std::floor(height() / scale))));
    inner_->resize(logical);  // no smaller than the inner widget's own minimum
}

void ScaledView::resizeEvent(QResizeEvent*) { fit(); }

void ScaledView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    // Where the inner widget would not shrink to size / scale, magnify less so all of it shows.
    const double fit_scale = std::min({effectiveScale(), width() / static_cast<double>(std::max(1, inner_->width())),
                                       height() / static_cast<double>(std::max(1, inner_->height()))});
    p.scale(fit_scale, fit_scale);
    inner_->render(&p, QPoint(), QRegion(), QWidget::DrawChildren);
}

}  // namespace archlab
