#pragma once
// Watches the jobs each node sheds (Runtime::shed_jobs: a job refused because its node's queue
// already held NodeSpec::max_queued_jobs) from one sample to the next, so the run's event log
// says when a node starts shedding and when it stops, and the topology can show how many a node
// has shed. An episode ends only after the node shed nothing for a quiet time (1 s by default):
// a queue that hovers at its bound sheds in some sample intervals and not in others, and a line
// at every such change would flood the log with one episode cut into pieces. Pure logic: fed
// cumulative counts per sample, from the run thread only.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace archlab {

/// A node as the watch names it in its lines.
struct ShedWatchNode {
    std::string name;               ///< "payment"
    std::size_t max_queued_jobs = 0;   ///< its queue's bound (NodeSpec::max_queued_jobs)
};

class ShedWatch {
public:
    /// quiet_s: how long (s) a node must shed nothing before its episode is said to have ended.
    explicit ShedWatch(std::vector<ShedWatchNode> nodes, double quiet_s = 1.0);

    /// One sample at run time t_s (s): each node's jobs shed since start, by NodeIndex. Returns
    /// the event-log lines of the nodes that began shedding since the sample before, and of those
    /// that have now shed nothing for quiet_s since the end of the last interval they shed in.
    std::vector<std::string> observe(double t_s, const std::vector<std::uint64_t>& shed_so_far);

    /// The end of the run at t_s (s), with each node's count then: observe() once more, then a
    /// line for each episode still open: "still shedding" when the node shed in the last
    /// interval, else when it stopped (its quiet time cut short by the end).
    std::vector<std::string> finish(double t_s, const std::vector<std::uint64_t>& shed_so_far);

    /// Jobs the node shed since start, as of the latest observe().
    std::uint64_t shed(std::size_t node) const { return node < seen_.size() ? seen_[node] : 0; }

    /// The topology's line for a node: "" when it has shed nothing, else "N shed" (jobs).
    std::string note(std::size_t node) const;

private:
    std::vector<ShedWatchNode> nodes_;
    std::vector<std::uint64_t> seen_;          ///< shed so far at the latest observe()
    std::vector<std::uint64_t> at_start_;      ///< shed so far when the current episode began
    std::vector<double> since_s_;              ///< start of the interval the episode began in, s; <0: not shedding
    std::vector<double> last_shed_s_;          ///< end of the last interval the node shed in, s
    double quiet_s_;                           ///< no shedding for this long (s) ends an episode
    double last_t_s_ = 0.0;                    ///< run time of the previous observe(), s
};

}  // namespace archlab
