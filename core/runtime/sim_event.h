#pragma once
// What the simulated runtime schedules: one typed record per kind of event, held by value in the
// agenda, so scheduling an event costs no callback allocation. SimRuntime::step() runs each kind.
#include <cstdint>
#include <functional>
#include <variant>

#include "core/runtime/clock.h"
#include "core/runtime/context.h"
#include "core/runtime/message.h"
#include "core/runtime/node.h"

namespace archlab {

/// A message reaches its receiver (msg.to); lost there if the receiver died since it was sent.
struct SimArrival {
    std::uint64_t incarnation = 0;  ///< receiver incarnation it was sent to (UINT64_MAX: lost)
    Message msg;                    ///< the message itself
};

/// Code posted from outside the cluster joins the node's FIFO (unless the node is down by then).
struct SimPosted {
    NodeIndex node = kNoNode;                  ///< where it runs
    std::function<void(Node&, Context&)> fn;   ///< what runs
};

/// A slow node's thread finishes the message it was serving.
struct SimServiceEnd {
    NodeIndex node = kNoNode;  ///< whose thread
};

/// A timer fires into its node's FIFO.
struct SimTimerFire {
    NodeIndex node = kNoNode;  ///< whose timer
    TimerId id = 0;            ///< which timer
    std::uint64_t tag = 0;     ///< handed to on_timer
};

/// A job's hold ends on one of the node's worker threads.
struct SimJobEnd {
    NodeIndex node = kNoNode;  ///< whose worker
    Nanos busy{0};             ///< virtual thread time the job took, ns
    Job job;                   ///< the job; done() is called on the node's thread
    bool shed = false;         ///< the job was shed: no worker ran it, done() carries its Job::shed
};

/// One scheduled event; std::monostate marks a free record.
using SimEvent = std::variant<std::monostate, SimArrival, SimPosted, SimServiceEnd, SimTimerFire, SimJobEnd>;

}  // namespace archlab
