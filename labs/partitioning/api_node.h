#pragma once
// The vertical layout's front door: the client sends every request here and it passes each to
// the service that owns the request's domain (users, orders or catalog), then the answer back.
// It holds no data and joins nothing: a request that needs a second domain is the owning
// service's to complete, with cross-service calls.
#include <cstdint>
#include <map>
#include <memory>

#include "core/runtime/node.h"
#include "labs/partitioning/vertical_messages.h"

namespace archlab::partlab {

class ApiNode : public Node {
public:
    explicit ApiNode(std::shared_ptr<VerticalConfig> cfg);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    struct Forwarded {
        NodeIndex client = kNoNode;
        std::uint64_t client_id = 0;
        std::int64_t sent_ns = 0;
    };

    std::shared_ptr<VerticalConfig> cfg_;
    std::map<std::uint64_t, Forwarded> forwarded_;  ///< by the api's call id (ids grow with time)
    std::uint64_t next_id_ = 1;
};

}  // namespace archlab::partlab
