#pragma once
// A lab's explain text: what it teaches and what to try, in plain paragraphs.
#include <QTextBrowser>

#include "core/lab/lab.h"

namespace archlab {

class ExplainPanel : public QTextBrowser {
    Q_OBJECT
public:
    explicit ExplainPanel(QWidget* parent = nullptr);
    void setLab(const LabInfo& info);
};

}  // namespace archlab
