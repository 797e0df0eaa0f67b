#include "views/run_animation.h"

#include <algorithm>
#include <cmath>

#include <QImage>
#include <QPainter>

#include "core/lab/settings.h"
#include "core/report/chart_plot.h"
#include "core/report/gif_writer.h"
#include "core/report/html_report.h"
#include "views/plot_painter.h"
#include "views/topology_model.h"
#include "views/topology_view.h"

namespace archlab {

namespace {
constexpr int kCaption_px = 30;      ///< the strip with the run and the frame's time
constexpr double kRateWindow_s = 1.0;   ///< link rates: messages over this much run time

/// The cluster at the last recorded sample at or before t_s, rates over the second before.
TopologySnapshot topology_at(const TopologyTimeline& t, double t_s) {
    const std::size_t row = t.row_at(t_s + 1e-9);
    const TopologyFrame now = t.frame(row);
    const double from_s = now.t_s - kRateWindow_s;
    const TopologyFrame before = from_s < t.t_s(0) - 1e-9 ? t.start_frame() : t.frame(t.row_at(from_s + 1e-9));
    return snapshot_between(t.nodes(), before, now);
}
}  // namespace

RunAnimation::RunAnimation(const BundledRun& run, AnimationOptions options) : run_(run), options_(std::move(options)) {
    const ChartSpec* chart = nullptr;
    for (const ChartSpec& c : run.charts) {
        if (options_.chart_id.empty() ? !c.series.empty() : c.id == options_.chart_id) {
            chart = &c;
            break;
        }
    }
    if (!options_.chart_id.empty() && !chart) {
        std::string ids;
        for (const ChartSpec& c : run.charts) ids += (ids.empty() ? "" : ", ") + c.id;
        throw InputError("the run has no chart '" + options_.chart_id + "' (charts: " + (ids.empty() ? "none" : ids) + ")");
    }
    if (chart) {
        chart_id_ = chart->id;
        plot_ = std::make_unique<ChartPlot>(make_chart_plot(*chart, {{&run.series, run_markers(run), ""}}, 400));
    }
    topology_ = TopologyTimeline(run.topology.nodes, run.topology.rows);
    if (topology_.empty() && !plot_) throw InputError("the run has no recorded topology and no chart to animate");

    // Frame times: evenly over the run, at recorded samples when there is a topology.
    const double end_s = std::max(run.record.duration_s, !run.series.rows.empty() ? run.series.rows.back().t_s : 0.0);
    const int frames = std::max(2, options_.max_frames);
    for (int i = 1; i <= frames; ++i) times_.push_back(end_s * i / frames);

    options_.width = std::clamp(options_.width, 320, 4000);
    options_.height = std::clamp(options_.height, 240, 4000);
    if (!topology_.empty()) {
        view_ = std::make_unique<TopologyView>();
        view_->setAttribute(Qt::WA_DontShowOnScreen);
        const int topo_h = plot_ ? (options_.height - kCaption_px) * 9 / 20 : options_.height - kCaption_px;
        view_->resize(options_.width, topo_h);
    }
    std::vector<std::uint32_t> exact = plot_ ? plot_colours(*plot_) : std::vector<std::uint32_t>{0xFFFFFF, 0x000000};
    for (NodeState s : {NodeState::Up, NodeState::Down, NodeState::Paused, NodeState::Slow, NodeState::Partitioned}) {
        exact.push_back(TopologyView::stateColour(s).rgb() & 0xFFFFFFu);
    }
    exact.push_back(0xFBFBFD);   // the topology's background
    gif_ = std::make_unique<GifWriter>(options_.width, options_.height, options_.delay_cs, exact);
}

RunAnimation::~RunAnimation() = default;

bool RunAnimation::step() {
    if (next_ >= frameCount()) return false;
    const double t = times_[static_cast<std::size_t>(next_++)];
    QImage image(options_.width, options_.height, QImage::Format_RGB888);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        QFont caption = p.font();
        caption.setPixelSize(15);
        caption.setBold(true);
        p.setFont(caption);
        p.setPen(Qt::black);
        const double total = times_.back();
        p.drawText(QRectF(10, 0, options_.width - 20, kCaption_px), Qt::AlignVCenter | Qt::AlignLeft,
                   QStringLiteral("%1 #%2, seed %3, %4 time").arg(QString::fromStdString(run_.lab_title.empty() ? run_.record.lab : run_.lab_title))
                       .arg(run_.record.id)
                       .arg(run_.record.seed)
                       .arg(QString::fromStdString(run_.time_mode())));
        p.drawText(QRectF(10, 0, options_.width - 20, kCaption_px), Qt::AlignVCenter | Qt::AlignRight,
                   QStringLiteral("t = %1 s / %2 s").arg(t, 0, 'f', 1).arg(total, 0, 'f', 1));
        int y = kCaption_px;
        if (view_) {
            view_->setSnapshot(topology_at(topology_, t));
            view_->render(&p, QPoint(0, y));
            y += view_->height();
        }
        if (plot_) paint_chart_plot(p, QRectF(0, y, options_.width, options_.height - y), *plot_, t, t);
    }
    gif_->add_frame(image.constBits(), static_cast<int>(image.bytesPerLine()));
    return next_ < frameCount();
}

std::vector<unsigned char> RunAnimation::finish() {
    while (step()) {
    }
    return gif_->finish();
}

std::vector<unsigned char> run_animation_gif(const BundledRun& run, const AnimationOptions& options) {
    RunAnimation a(run, options);
    return a.finish();
}

}  // namespace archlab
