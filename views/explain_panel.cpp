#include "views/explain_panel.h"

#include <QRegularExpression>
#include <QScrollBar>
#include <QStringList>
#include <QUrl>

namespace archlab {

namespace {
/// Plain text with the CLI forms turned into window links, HTML-escaped around them.
QString linkify(const QString& plain) {
    static const QRegularExpression cli(QStringLiteral(R"(--(fault|set|time)\s+([^\s,)]+))"));
    QString out;
    qsizetype from = 0;
    for (auto it = cli.globalMatch(plain); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        QString arg = m.captured(2);
        QString trailing;
        while (!arg.isEmpty() && (arg.endsWith(QLatin1Char(':')) || arg.endsWith(QLatin1Char('.')))) {
            trailing.prepend(arg.back());
            arg.chop(1);
        }
        QString link;
        const QString kind = m.captured(1);
        if (kind == QStringLiteral("fault")) {
            try {
                const FaultEvent f = FaultEvent::parse(arg.toStdString());
                QString words = QString::fromStdString(f.action);
                if (!f.target.empty()) words += QStringLiteral(" ") + QString::fromStdString(f.target);
                if (!f.value.empty()) words += QStringLiteral(" ") + QString::fromStdString(f.value);
                link = QStringLiteral("<a href=\"fault:%1\">%2</a>")
                           .arg(QString::fromUtf8(QUrl::toPercentEncoding(arg)), words.toHtmlEscaped());
            } catch (const std::exception&) {
                link.clear();  // not a fault entry after all: left as written
            }
        } else if (kind == QStringLiteral("set") && arg.contains(QLatin1Char('='))) {
            const QString knob = arg.section(QLatin1Char('='), 0, 0), value = arg.section(QLatin1Char('='), 1);
            link = QStringLiteral("<a href=\"set:%1\">%2 = %3</a>")
                       .arg(QString::fromUtf8(QUrl::toPercentEncoding(arg)), knob.toHtmlEscaped(), value.toHtmlEscaped());
        } else if (kind == QStringLiteral("time")) {
            link = QObject::tr("Time: %1 in the toolbar").arg(arg == QStringLiteral("virtual") ? QObject::tr("Virtual") : QObject::tr("Live"));
        }
        if (link.isEmpty()) continue;
        out += plain.mid(from, m.capturedStart() - from).toHtmlEscaped() + link + trailing.toHtmlEscaped();
        from = m.capturedEnd();
    }
    return out + plain.mid(from).toHtmlEscaped();
}
}  // namespace

QString explain_html(const LabInfo& info) {
    // Plain text: blank lines part paragraphs, lines starting with "- " form a list.
    QString html = QStringLiteral("<h3>%1</h3>").arg(QString::fromStdString(info.title).toHtmlEscaped());
    const QString text = QString::fromStdString(info.explain);
    bool in_list = false;
    bool links = false;
    QString para;
    const auto flush_para = [&] {
        if (!para.isEmpty()) html += QStringLiteral("<p>%1</p>").arg(linkify(para));
        para.clear();
    };
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        links = links || line.contains(QStringLiteral("--fault")) || line.contains(QStringLiteral("--set"));
        if (line.startsWith(QStringLiteral("- "))) {
            flush_para();
            if (!in_list) html += QStringLiteral("<ul>");
            in_list = true;
            html += QStringLiteral("<li>%1</li>").arg(linkify(line.mid(2)));
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
    if (links) {
        html += QObject::tr("<p style=\"color:#555\"><i>Links: a fault link applies that fault to the running lab at "
                            "once, as its button in the Faults panel does; a knob link sets the knob in the Knobs "
                            "panel. In a script or archlab-cli the same fault is <tt>--fault 4s:kill:NODE</tt> (at 4 s "
                            "of run time) and a knob <tt>--set KNOB=VALUE</tt>.</i></p>");
    }
    return html;
}

ExplainPanel::ExplainPanel(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);  // our own links act on the lab; http links open outside
    document()->setDocumentMargin(10);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        const QString what = QUrl::fromPercentEncoding(url.path().toUtf8());
        if (url.scheme() == QStringLiteral("fault")) {
            try {
                emit faultRequested(FaultEvent::parse(what.toStdString()));
            } catch (const std::exception&) {
                // Every link was parsed when the text was made: nothing else can arrive here.
            }
        } else if (url.scheme() == QStringLiteral("set")) {
            emit knobRequested(what.section(QLatin1Char('='), 0, 0), what.section(QLatin1Char('='), 1));
        }
    });
}

void ExplainPanel::setLab(const LabInfo& info) {
    setHtml(explain_html(info));
    verticalScrollBar()->setValue(0);  // a new lab reads from its top
}

}  // namespace archlab
