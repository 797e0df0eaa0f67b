#include "views/explain_panel.h"

#include <QStringList>

namespace archlab {

ExplainPanel::ExplainPanel(QWidget* parent) : QTextBrowser(parent) {
    setOpenExternalLinks(true);
    document()->setDocumentMargin(10);
}

void ExplainPanel::setLab(const LabInfo& info) {
    // Plain text: blank lines part paragraphs, lines starting with "- " form a list.
    QString html = QStringLiteral("<h3>%1</h3>").arg(QString::fromStdString(info.title).toHtmlEscaped());
    const QString text = QString::fromStdString(info.explain);
    bool in_list = false;
    QString para;
    const auto flush_para = [&] {
        if (!para.isEmpty()) html += QStringLiteral("<p>%1</p>").arg(para.toHtmlEscaped());
        para.clear();
    };
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.startsWith(QStringLiteral("- "))) {
            flush_para();
            if (!in_list) html += QStringLiteral("<ul>");
            in_list = true;
            html += QStringLiteral("<li>%1</li>").arg(line.mid(2).toHtmlEscaped());
            continue;
        }
        if (in_list) {
            html += QStringLiteral("</ul>");
            in_list = false;
        }
        if (line.isEmpty()) flush_para();
        else para += (para.isEmpty() ? QString() : QStringLiteral(" ")) + line;
    }
    flush_para();
    if (in_list) html += QStringLiteral("</ul>");
    setHtml(html);
}

}  // namespace archlab
