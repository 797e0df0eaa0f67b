#include "app/cli/scenario_files.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace archlab::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kBuiltIn = ":/scenarios";

/// This program's folder (Linux: /proc/self/exe), "" when it cannot be told.
fs::path program_folder() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::string installed_scenario_folder() {
    if (const char* env = std::getenv("ARCHLAB_SCENARIOS"); env && *env) return env;
    const fs::path bin = program_folder();
    if (bin.empty()) return {};
    std::error_code ec;
    const fs::path shared = (bin.parent_path() / "share" / "archlab" / "scenarios").lexically_normal();
    return fs::is_directory(shared, ec) ? shared.string() : std::string();
}

std::vector<ShippedScenario> shipped_scenarios() {
    std::vector<ShippedScenario> out;
    if (const std::string folder = installed_scenario_folder(); !folder.empty()) {
        std::error_code ec;
        for (const fs::directory_entry& e : fs::directory_iterator(folder, ec)) {
            if (e.path().extension() == ".json") out.push_back({e.path().stem().string(), e.path().string()});
        }
    } else {
        const QDir built_in(QString::fromLatin1(kBuiltIn));
        for (const QString& f : built_in.entryList({QStringLiteral("*.json")}, QDir::Files)) {
            out.push_back({QFileInfo(f).completeBaseName().toStdString(), (QString::fromLatin1(kBuiltIn) + '/' + f).toStdString()});
        }
    }
    std::sort(out.begin(), out.end(), [](const ShippedScenario& a, const ShippedScenario& b) { return a.name < b.name; });
    return out;
}

std::string resolve_scenario(const std::string& what) {
    std::error_code ec;
    if (what.empty() || fs::exists(what, ec) || what.find('/') != std::string::npos) return what;
    const std::string name = what.ends_with(".json") ? what.substr(0, what.size() - 5) : what;
    for (const ShippedScenario& s : shipped_scenarios()) {
        if (s.name == name) return s.path;
    }
    return what;
}

Scenario load_scenario(const std::string& path) {
    if (!path.starts_with(":/")) return Scenario::load_file(path);
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) throw InputError("cannot read scenario '" + path + "': not built in");
    const std::string name = fs::path(path).filename().string();
    return Scenario::parse(f.readAll().toStdString(), name);
}

int list_scenarios(const std::string& lab) {
    const std::vector<ShippedScenario> all = shipped_scenarios();
    const std::string folder = installed_scenario_folder();
    std::cout << (folder.empty() ? std::string("Built-in scenarios (this build is not installed; the files are in the "
                                               "source tree's resources/scenarios):\n")
                                 : "Scenarios in " + folder + ":\n");
    std::size_t name_width = 0;  // the names line up in one column, however long the longest
    for (const ShippedScenario& s : all) name_width = std::max(name_width, s.name.size());
    int shown = 0;
    for (const ShippedScenario& s : all) {
        std::string lab_id, title;
        try {
            const Scenario sc = load_scenario(s.path);
            lab_id = sc.lab;
            title = sc.title;
        } catch (const InputError& e) {
            title = std::string("(unreadable: ") + e.what() + ")";
        }
        if (!lab.empty() && lab_id != lab) continue;
        ++shown;
        std::cout << fmt::format("  {:<{}}  {:<14} {}\n", s.name, name_width, lab_id, title.empty() ? "(fault timeline)" : title);
    }
    if (shown == 0) std::cout << "  none" << (lab.empty() ? "" : " for lab '" + lab + "'") << "\n";
    std::cout << "Run one by name: archlab-cli run NAME (a copy to edit: the file above, then archlab-cli run FILE)\n";
    return 0;
}

}  // namespace archlab::cli
