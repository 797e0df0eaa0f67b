#pragma once
// Draws a miss-ratio curve (one line per policy: miss ratio against cache capacity) to a PNG
// offscreen. Needs a QApplication (the CLI makes one on the offscreen platform).
#include <string>
#include <vector>

#include "core/cache/cache_sim.h"

namespace archlab {

/// Writes the curve of `results` (several capacities per policy) to path; capacities spanning
/// more than a factor of 20 get a logarithmic axis. False and *error set when it cannot.
bool render_mrc_png(const std::vector<cache::SimResult>& results, const std::string& title, const std::string& path,
                    std::string* error, int width = 1000, int height = 560);

}  // namespace archlab
