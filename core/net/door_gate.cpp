#include "core/net/door_gate.h"

#include <boost/asio/post.hpp>

namespace archlab::net {

void DoorGate::post(std::function<void()> fn) {
    std::lock_guard lock(mu_);
    if (io_) boost::asio::post(*io_, std::move(fn));
}

bool DoorGate::while_open(const std::function<void()>& fn) {
    std::lock_guard lock(mu_);
    if (!io_) return false;
    fn();
    return true;
}

void DoorGate::close() {
    std::lock_guard lock(mu_);
    io_ = nullptr;
}

}  // namespace archlab::net
