#pragma once
// "What just happened": one line for the room about a fault the run applied, from its event-log
// entry ("fault: kill worker-2" at 5.0 s) -> "5.0 s  worker-2 killed: it stops answering", and
// about a knob changed while it runs ("knob dispatch = random" -> "10.0 s  dispatch set to random").
#include <optional>

#include <QString>

namespace archlab {

struct RunEvent;

/// The caption of a fault or knob-change event; nullopt for any other event (lifecycle, speed).
std::optional<QString> fault_caption(const RunEvent& event);

}  // namespace archlab
