#pragma once
// The charts a lab draws with its default settings, before any run: for `describe` and for the
// window's empty chart panel. Read from the lab's own series table, so they never drift apart.
#include <vector>

#include "core/lab/lab.h"

namespace archlab {

/// Builds the lab with `settings` on a simulated runtime that is never started (in a scratch
/// folder, removed after) and returns its chart specs.
std::vector<ChartSpec> charts_for(const Lab& lab, const Settings& settings);
inline std::vector<ChartSpec> default_charts(const Lab& lab) { return charts_for(lab, lab.default_settings()); }

}  // namespace archlab
