#include "views/guide_catalog.h"

#include <QDir>
#include <QFile>

#include <spdlog/spdlog.h>

#include "core/lab/settings.h"

namespace archlab {

Scenario read_scenario(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        throw InputError("cannot read scenario '" + path.toStdString() + "': " + f.errorString().toStdString());
    }
    return Scenario::parse(f.readAll().toStdString(), path.toStdString());
}

std::vector<GuideEntry> guided_scenarios(const std::string& lab_id, const QString& folder) {
    std::vector<GuideEntry> out;
    const QDir dir(folder);
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(name);
        try {
            Scenario s = read_scenario(path);
            if (s.guided() && s.lab == lab_id) out.push_back({path, std::move(s)});
        } catch (const InputError& e) {
            spdlog::warn("guided scenario skipped: {}", e.what());
        }
    }
    return out;
}

}  // namespace archlab
