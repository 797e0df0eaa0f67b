#pragma once
// An animated GIF of a finished run: the recorded topology (node states, link rates) above one
// chosen chart that draws itself up to the frame's time, with a cursor and the faults marked.
// Rendered offscreen from the stored per-sample topology, one frame per step() so a window can
// keep its event loop turning between frames; encoded by core/report/gif_writer.h (giflib).
// GUI thread only (the topology is drawn by a TopologyView); needs a QApplication.
#include <memory>
#include <string>
#include <vector>

#include "core/bundle/run_bundle.h"

namespace archlab {

class GifWriter;
class TopologyView;
struct ChartPlot;

struct AnimationOptions {
    int width = 960;           ///< pixels
    int height = 640;          ///< pixels
    int max_frames = 60;       ///< frames over the whole run, at most
    int delay_cs = 15;         ///< each frame shows this long, hundredths of a second
    std::string chart_id;      ///< the chart drawn under the topology; "" = the run's first chart
};

class RunAnimation {
public:
    /// Throws InputError when the run has neither a recorded topology nor the chart asked for.
    RunAnimation(const BundledRun& run, AnimationOptions options);
    ~RunAnimation();
    RunAnimation(const RunAnimation&) = delete;
    RunAnimation& operator=(const RunAnimation&) = delete;

    int frameCount() const { return static_cast<int>(times_.size()); }
    int framesDone() const { return next_; }
    /// Renders and encodes the next frame; false once every frame is done.
    bool step();
    /// The GIF's bytes (after the last step()).
    std::vector<unsigned char> finish();
    /// The chart drawn ("" when the run has none).
    const std::string& chartId() const { return chart_id_; }

private:
    const BundledRun& run_;
    AnimationOptions options_;
    std::string chart_id_;
    std::unique_ptr<ChartPlot> plot_;           ///< null when the run has no chart
    TopologyTimeline topology_;
    std::unique_ptr<TopologyView> view_;        ///< never shown; renders into each frame
    std::unique_ptr<GifWriter> gif_;
    std::vector<double> times_;                 ///< run time of each frame, s
    int next_ = 0;
};

/// The whole GIF at once (the CLI).
std::vector<unsigned char> run_animation_gif(const BundledRun& run, const AnimationOptions& options);

}  // namespace archlab
