#pragma once
// The guided scenarios the app ships (resources/scenarios/*.json with steps, built into the
// program as Qt resources under :/scenarios), listed per lab for the Guide panel.
#include <string>
#include <vector>

#include <QString>

#include "core/lab/scenario.h"

namespace archlab {

struct GuideEntry {
    QString source;     ///< where it was read from (":/scenarios/caching-guided-stampede.json")
    Scenario scenario;
};

/// Every guided scenario of `lab_id` in the folder (default: the built-in ones), by file name.
/// A file that does not parse is skipped with a warning in the log (tests check the shipped ones).
std::vector<GuideEntry> guided_scenarios(const std::string& lab_id, const QString& folder = QStringLiteral(":/scenarios"));

/// Reads one scenario file (a resource or a path). Throws InputError as Scenario::parse does.
Scenario read_scenario(const QString& path);

}  // namespace archlab
