#pragma once
// The window icon: resources' archlab.svg when Qt can read SVG, else the same picture painted.
#include <QIcon>

namespace archlab {

QIcon app_icon();

}  // namespace archlab
