// Sticky sessions: the cookie names the node that holds the user's session; a user without one
// (or whose node is gone) is assigned round robin, and the balancer hands back a Set-Cookie.
#include "core/lb/sticky_cookie.h"
#include "core/lb/strategies.h"

namespace archlab::lb {
namespace {

class Sticky : public Strategy {
public:
    std::size_t choose(const std::vector<Candidate>& alive, const RouteKey& request, std::mt19937_64&) override {
        const std::string_view pinned = sticky_node(request.cookie);
        if (!pinned.empty()) {
            for (std::size_t i = 0; i < alive.size(); ++i) {
                if (alive[i].id == pinned) return i;
            }
        }
        return next_++ % alive.size();
    }
    bool pins_with_cookie() const override { return true; }

private:
    std::size_t next_ = 0;  ///< round-robin turn for users not pinned yet
};

}  // namespace

std::unique_ptr<Strategy> make_sticky() { return std::make_unique<Sticky>(); }

}  // namespace archlab::lb
