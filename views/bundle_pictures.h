#pragma once
// The pictures a front end adds to a bundled run: every chart as PNG (charts/ID.png, drawn by
// views/plot_painter.h like the report's SVG) and the animated GIF (animation.gif). GUI thread
// (the GIF draws the topology with a TopologyView); needs a QApplication.
#include <string>

#include "core/bundle/run_bundle.h"

namespace archlab {

/// Adds charts/ID.png for each of the run's charts to run.files.
void add_chart_pngs(BundledRun& run);

/// Adds charts/ID.png for each chart and, when `gif` is set, animation.gif of the topology and
/// the chart `gif_chart` ("" = the first). Throws InputError for a chart the run lacks.
void add_bundle_pictures(BundledRun& run, bool gif, const std::string& gif_chart);

}  // namespace archlab
