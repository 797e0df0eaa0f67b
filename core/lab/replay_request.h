#pragma once
// A stored virtual run, asked for again: its lab, initial settings, seed and length, and every
// fault and knob change at the exact virtual instant it was applied (summary.json's at_ns).
// Run in virtual time it gives the same trace, so the same fingerprint. The CLI's --replay and
// the window's "Re-run to here" both build their request here.
#include <nlohmann/json.hpp>

#include "core/lab/run_controller.h"

namespace archlab {

class LabRegistry;

/// True when the summary is of a finished virtual-time run with a fingerprint (one that can be
/// replayed exactly).
bool replayable(const nlohmann::json& summary);

/// The request that replays the run of this summary in virtual time, at the default speed
/// (kMaxSpeed) with no pause point; the caller sets those. Throws InputError when the summary
/// is not replayable, names a lab the registry lacks, or a setting the lab no longer takes.
RunRequest request_from_summary(const LabRegistry& labs, const nlohmann::json& summary);

}  // namespace archlab
