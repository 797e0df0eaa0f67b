#pragma once
// A vertical scroll area as wide as its widget needs: a dock holding it may shrink in height
// (the widget scrolls) but never cuts the widget's width. Its horizontal scroll bar is off.
#include <QScrollArea>

namespace archlab {

class WidthFitScroll : public QScrollArea {
    Q_OBJECT
public:
    /// Takes `content` (resized with the area, scrolled when taller than it).
    explicit WidthFitScroll(QWidget* content, QWidget* parent = nullptr);

    /// The content's minimum width and the scroll bar's; a few lines high.
    QSize minimumSizeHint() const override;

protected:
    /// A change in the content's layout (a lab's own fault actions added) changes the width it
    /// needs: the dock around is told, as it would be without the scroll area between them.
    bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace archlab
