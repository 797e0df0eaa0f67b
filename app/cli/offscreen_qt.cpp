#include "app/cli/offscreen_qt.h"

#if !defined(_WIN32)
#include <unistd.h>
#endif

#include <filesystem>
#include <string>

#include <QByteArray>
#include <QtGlobal>

namespace archlab::cli {

void use_offscreen_qt() {
    qputenv("QT_QPA_PLATFORM", "offscreen");
#if !defined(_WIN32)  // XDG_RUNTIME_DIR: a freedesktop (Linux, BSD) notion; Qt asks for it there only
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        // Qt warns without one; a private folder of our own keeps the terminal clean.
        std::error_code ec;
        const std::string dir = "/tmp/archlab-runtime-" + std::to_string(::getuid());
        std::filesystem::create_directories(dir, ec);
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
        qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(dir));
    }
#endif
}

}  // namespace archlab::cli
