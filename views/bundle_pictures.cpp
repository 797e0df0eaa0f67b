#include "views/bundle_pictures.h"

#include "core/report/chart_plot.h"
#include "core/report/html_report.h"
#include "views/plot_painter.h"
#include "views/run_animation.h"

namespace archlab {

void add_chart_pngs(BundledRun& run) {
    const std::vector<PlotRun> runs = {{&run.series, run_markers(run), ""}};
    for (const ChartSpec& c : run.charts) {
        const QByteArray png = chart_plot_png(make_chart_plot(c, runs));
        run.files.push_back({"charts/" + c.id + ".png", std::vector<unsigned char>(png.begin(), png.end())});
    }
}

void add_bundle_pictures(BundledRun& run, bool gif, const std::string& gif_chart) {
    add_chart_pngs(run);
    if (!gif || (run.topology.nodes.empty() && run.charts.empty())) return;
    AnimationOptions options;
    options.chart_id = gif_chart;
    run.files.push_back({"animation.gif", run_animation_gif(run, options)});
}

}  // namespace archlab
