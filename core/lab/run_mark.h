#pragma once
// A moment of a run worth marking on its charts: a fault applied or a live knob changed, with a
// few words saying which ("kill replica-1", "arrival_rps = 2000"). Made from a running
// controller's record or from a stored run's summary.json, so a live chart, a finished run and
// an overlay of stored runs mark the same instants with the same words.
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace archlab {

struct RunMark {
    double t_s = 0.0;     ///< run time, s
    std::string text;     ///< "kill replica-1", "promote replica-2", "rate = 2000"
    bool knob = false;    ///< a knob change (true) or a fault (false)
};

/// The faults and knob changes listed in a summary ("faults", "knob_changes"), in time order.
std::vector<RunMark> marks_from_summary(const nlohmann::json& summary);

/// Run time of the first fault, or a negative number when the run had none.
double first_fault_s(const std::vector<RunMark>& marks);

/// "kill replica-1", "slow db 20ms": a fault as a mark's words.
std::string fault_mark_text(const std::string& action, const std::string& target, const std::string& value);

}  // namespace archlab
