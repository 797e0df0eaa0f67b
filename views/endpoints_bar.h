#pragma once
// A line above the topology naming the sockets of the running lab that outside tools can use
// ("cache: redis at 127.0.0.1:40123 — try redis-cli -p 40123"). Hidden when there are none.
#include <vector>

#include <QLabel>

#include "core/lab/lab.h"

namespace archlab {

class EndpointsBar : public QLabel {
    Q_OBJECT
public:
    explicit EndpointsBar(QWidget* parent = nullptr);

    /// Shows these endpoints; an empty list hides the bar.
    void setEndpoints(const std::vector<ServiceEndpoint>& endpoints);
    /// Shows a plain sentence instead (why there are no endpoints, e.g. in virtual time).
    void setNote(const QString& text);
};

}  // namespace archlab
