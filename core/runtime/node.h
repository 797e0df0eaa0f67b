#pragma once
// Node logic: reacts to messages and timers through its Context, and does no I/O itself.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/runtime/context.h"

namespace archlab {

class Node {
public:
    virtual ~Node() = default;
    /// Called once when the node starts (and again on a fresh instance after restart).
    virtual void start(Context&) {}
    virtual void on_message(Context& ctx, const Message& msg) = 0;
    virtual void on_timer(Context&, std::uint64_t /*tag*/) {}
};

/// How to make a node: restart builds a fresh instance from the same factory (state is lost,
/// as when a process dies; whatever must survive lives in storage outside the node).
struct NodeSpec {
    std::string name;           ///< stable readable id: "lb", "worker-1", "db"
    std::string kind;           ///< role shown in the topology: client, lb, worker, db, cache ...
    int worker_threads = 0;     ///< threads for Context::execute (0 = none)
    std::function<std::unique_ptr<Node>()> factory;
};

}  // namespace archlab
