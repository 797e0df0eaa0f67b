#include "views/endpoints_bar.h"

namespace archlab {

EndpointsBar::EndpointsBar(QWidget* parent) : QLabel(parent) {
    setObjectName(QStringLiteral("endpointsBar"));
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);  // addresses are there to be copied
    setWordWrap(true);
    setContentsMargins(6, 2, 6, 2);
    setToolTip(tr("Sockets of the running lab on this machine (127.0.0.1 only). Real clients work against them: "
                  "redis-cli and redis-benchmark for cache nodes, curl and wrk for the HTTP front door."));
    hide();
}

void EndpointsBar::setEndpoints(const std::vector<ServiceEndpoint>& endpoints) {
    if (endpoints.empty()) {
        clear();
        hide();
        return;
    }
    QStringList parts;
    for (const ServiceEndpoint& e : endpoints) {
        QString part = QStringLiteral("<b>%1</b> %2 at <code>%3</code>")
                           .arg(QString::fromStdString(e.node).toHtmlEscaped(),
                                QString::fromStdString(e.protocol).toHtmlEscaped(),
                                QString::fromStdString(e.address).toHtmlEscaped());
        if (!e.hint.empty()) part += tr(" — try <code>%1</code>").arg(QString::fromStdString(e.hint).toHtmlEscaped());
        parts << part;
    }
    setText(tr("Connect: ") + parts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    show();
}

void EndpointsBar::setNote(const QString& text) {
    setText(text.toHtmlEscaped());
    show();
}

}  // namespace archlab
