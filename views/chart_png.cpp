#include "views/chart_png.h"

#include <QFile>

#include "core/report/chart_plot.h"
#include "views/plot_painter.h"

namespace archlab {

bool render_chart_png(const ChartSpec& spec, const SeriesSnapshot& series, const std::string& path,
                      std::string* error, const std::vector<RunMark>& marks, int width, int height) {
    PlotRun run;
    run.series = &series;
    for (const RunMark& m : marks) run.markers.push_back({m.t_s, m.text});
    const QByteArray png = chart_plot_png(make_chart_plot(spec, {run}), width, height);
    QFile out(QString::fromStdString(path));
    if (png.isEmpty() || !out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(png) != png.size()) {
        if (error) *error = "cannot write chart '" + path + "'";
        return false;
    }
    return true;
}

}  // namespace archlab
