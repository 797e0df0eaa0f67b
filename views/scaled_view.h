#pragma once
// Shows another widget magnified: the inner widget lays itself out at this widget's size divided
// by the scale and is painted through a scaled painter, so its text, boxes and lines all grow
// together and stay sharp (vector, not a stretched bitmap). The presenter view shows the
// topology and its two charts this way, without those widgets knowing.
#include <QSizeF>
#include <QWidget>

namespace archlab {

class ScaledView : public QWidget {
    Q_OBJECT
public:
    /// Takes ownership of inner.
    explicit ScaledView(QWidget* inner, QWidget* parent = nullptr);
    ~ScaledView() override;
    ScaledView(const ScaledView&) = delete;
    ScaledView& operator=(const ScaledView&) = delete;
    void setScale(double scale);
    double scale() const { return scale_; }
    /// The inner widget is laid out no smaller than this (logical pixels): where the view is too
    /// small for that at its scale, it magnifies less (not below 1).
    void setLogicalMinimum(QSizeF size);
    /// The magnification in use: scale(), or less for the logical minimum.
    double effectiveScale() const;
    QWidget* inner() const { return inner_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void fit();
    QWidget* inner_;
    double scale_ = 1.0;
    QSizeF logical_minimum_;   ///< empty: none
};

}  // namespace archlab
