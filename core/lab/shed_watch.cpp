#include "core/lab/shed_watch.h"

#include <fmt/format.h>

namespace archlab {

ShedWatch::ShedWatch(std::vector<ShedWatchNode> nodes, double quiet_s)
    : nodes_(std::move(nodes)),
      seen_(nodes_.size(), 0),
      at_start_(nodes_.size(), 0),
      since_s_(nodes_.size(), -1.0),
      last_shed_s_(nodes_.size(), 0.0),
      quiet_s_(quiet_s) {}

std::vector<std::string> ShedWatch::observe(double t_s, const std::vector<std::uint64_t>& shed_so_far) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < nodes_.size() && i < shed_so_far.size(); ++i) {
        const std::uint64_t now = shed_so_far[i];
        const bool shedding = now > seen_[i];
        if (shedding) {
            if (since_s_[i] < 0) {
                // The interval that ends here shed work: the episode began within it.
                since_s_[i] = last_t_s_;
                at_start_[i] = seen_[i];
                lines.push_back(fmt::format("{} shedding jobs: its job queue is full ({} waiting), new work is dropped unrun",
                                            nodes_[i].name, nodes_[i].max_queued_jobs));
            }
            last_shed_s_[i] = t_s;
        } else if (since_s_[i] >= 0 && t_s - last_shed_s_[i] >= quiet_s_ - 1e-9) {
            lines.push_back(fmt::format("{} stopped shedding jobs: {} shed between {:.2f} s and {:.2f} s", nodes_[i].name,
                                        now - at_start_[i], since_s_[i], last_shed_s_[i]));
            since_s_[i] = -1.0;
        }
        seen_[i] = now;
    }
    last_t_s_ = t_s;
    return lines;
}

std::vector<std::string> ShedWatch::finish(double t_s, const std::vector<std::uint64_t>& shed_so_far) {
    std::vector<std::string> lines = observe(t_s, shed_so_far);
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        if (since_s_[i] < 0) continue;
        if (last_shed_s_[i] >= t_s) {
            lines.push_back(fmt::format("{} was still shedding jobs when the run ended: {} shed between {:.2f} s and {:.2f} s",
                                        nodes_[i].name, seen_[i] - at_start_[i], since_s_[i], t_s));
        } else {
            lines.push_back(fmt::format("{} stopped shedding jobs: {} shed between {:.2f} s and {:.2f} s", nodes_[i].name,
                                        seen_[i] - at_start_[i], since_s_[i], last_shed_s_[i]));
        }
        since_s_[i] = -1.0;
    }
    return lines;
}

std::string ShedWatch::note(std::size_t node) const {
    const std::uint64_t n = shed(node);
    if (n == 0) return {};
    return fmt::format("{} shed", n);   // short: it shares the box with the lab's note
}

}  // namespace archlab
