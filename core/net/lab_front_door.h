#pragma once
// A lab's HTTP entrance for outside clients (curl, wrk): a gateway node added to the cluster
// before it starts, and a Beast front door on 127.0.0.1 that posts into it once it runs.
//
//   LabFrontDoor door;
//   door.add_gateway(rt, "lb");   // before rt.start()
//   rt.start(); door.start(rt);    // after
//   door.stop(); rt.stop();        // the door posts into the runtime, so it stops first
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/lab/lab.h"
#include "core/net/gateway_node.h"
#include "core/net/http_front_door.h"

namespace archlab::net {

class LabFrontDoor {
public:
    LabFrontDoor() = default;
    LabFrontDoor(const LabFrontDoor&) = delete;
    LabFrontDoor& operator=(const LabFrontDoor&) = delete;
    ~LabFrontDoor() { stop(); }

    /// Adds the "gateway" node that forwards requests to `target`.
    void add_gateway(Runtime& runtime, const std::string& target, Nanos timeout = std::chrono::seconds(5));
    /// Opens the door on a free 127.0.0.1 port; throws std::runtime_error naming what failed.
    void start(Runtime& runtime);
    /// Closes the listener and every connection; safe to call twice.
    void stop();

    /// {node, "http", url, curl hint}; empty before start().
    std::vector<ServiceEndpoint> endpoints() const;
    /// What the door and the gateway counted: requests, responses, timeouts, refusals.
    nlohmann::json summary() const;

private:
    std::string target_;
    NodeIndex gateway_ = kNoNode;
    std::shared_ptr<GatewayStats> gateway_stats_ = std::make_shared<GatewayStats>();
    std::unique_ptr<HttpFrontDoor> door_;
};

}  // namespace archlab::net
