#pragma once
// A lab's explain text: what it teaches and what to try, in plain paragraphs. The command-line
// forms in its "things to try" (--fault 3s:kill:primary, --set nodes=1000, --time virtual) are
// shown in the window's terms: a fault is a link that applies it to the running lab, a knob
// setting a link that sets the knob, the time mode names the toolbar's choice.
#include <QString>
#include <QTextBrowser>

#include "core/lab/fault_event.h"
#include "core/lab/lab.h"

namespace archlab {

/// The explain text as HTML: paragraphs, lists, and the command-line forms as window links
/// ("fault:4s:kill:cache", "set:nodes=1000").
QString explain_html(const LabInfo& info);

class ExplainPanel : public QTextBrowser {
    Q_OBJECT
public:
    explicit ExplainPanel(QWidget* parent = nullptr);
    void setLab(const LabInfo& info);

signals:
    /// A fault link was clicked: apply it now.
    void faultRequested(const archlab::FaultEvent& fault);
    /// A knob link was clicked: set this knob to this value (text as the knob panel takes it).
    void knobRequested(const QString& knob, const QString& value);
};

}  // namespace archlab
