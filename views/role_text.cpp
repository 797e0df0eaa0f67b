#include "views/role_text.h"

#include <QObject>

#include "core/lab/node_role.h"

namespace archlab {

QString short_role_text(const std::string& role) {
    return role == kNodeRoleRemoved ? QObject::tr("out of pool") : QString::fromStdString(role);
}

}  // namespace archlab
