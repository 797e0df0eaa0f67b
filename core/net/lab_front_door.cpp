#include "core/net/lab_front_door.h"

namespace archlab::net {

void LabFrontDoor::add_gateway(Runtime& runtime, const std::string& target, Nanos timeout) {
    target_ = target;
    gateway_ = runtime.add_node(gateway_spec(GatewayConfig{target, timeout, gateway_stats_}));
}

void LabFrontDoor::start(Runtime& runtime) {
    if (gateway_ == kNoNode || door_) return;
    door_ = std::make_unique<HttpFrontDoor>(HttpDoorConfig{}, gateway_dispatch(runtime, gateway_));
    door_->start();
}

void LabFrontDoor::stop() {
    if (door_) door_->stop();
}

std::vector<ServiceEndpoint> LabFrontDoor::endpoints() const {
    if (!door_ || door_->port() == 0) return {};
    const std::string url = door_->url();
    return {ServiceEndpoint{target_, "http", url, "curl -i " + url}};
}

nlohmann::json LabFrontDoor::summary() const {
    nlohmann::json j;
    if (door_) {
        const HttpDoorStats& d = door_->stats();
        j["connections"] = d.connections.load();
        j["requests"] = d.requests.load();
        j["responses"] = d.responses.load();
        j["malformed"] = d.malformed.load();
        j["too_large"] = d.too_large.load();
    }
    const GatewayStats& g = *gateway_stats_;
    j["answered"] = g.answered.load();
    j["timed_out"] = g.timed_out.load();
    j["refused"] = g.refused.load();
    j["shed"] = g.shed.load();  // answered 503 gateway-busy: max_pending were waiting
    j["abandoned"] = g.abandoned.load();
    return j;
}

}  // namespace archlab::net
