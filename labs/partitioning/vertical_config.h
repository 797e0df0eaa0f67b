#pragma once
// The partitioning lab's vertical layout: the data split by business domain into three
// services, each a node with its own SQLite database ("users", "orders", "catalog"), behind a
// front node "api" that sends each request to the service owning its domain. Requests that need
// another domain's data make cross-service calls from the owning service (a join becomes a call).
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "labs/partitioning/part_config.h"

namespace archlab::partlab {

/// The services, in the order the lab lists them.
enum class Domain : int { Users = 0, Orders = 1, Catalog = 2 };
constexpr int kDomains = 3;
/// "users", "orders", "catalog": also the service node's name.
const char* domain_name(Domain d);

/// What a client asks for. The first four are the request types of the mix; GetProducts is the
/// call order-history makes to the catalog (prices of several products in one call).
enum class VOp : std::uint8_t { GetUser = 0, GetProduct = 1, PlaceOrder = 2, OrderHistory = 3, GetProducts = 4 };
constexpr int kRequestTypes = 4;
/// "get-user", "get-product", "place-order", "order-history", "get-products".
const char* vop_name(VOp op);
/// The service that owns an operation's domain (the one the api sends it to).
Domain owner_of(VOp op);

/// Request-type weights "get-user,get-product,place-order,order-history"; throws InputError
/// saying what is wrong (not four numbers, a negative one, all zero).
std::array<double, kRequestTypes> parse_vertical_mix(const std::string& text);

struct VerticalConfig {
    int users = 1000;             ///< rows in users (ids 0..users-1)
    int products = 1000;          ///< rows in catalog (ids 0..products-1)
    KeyDist key_dist = KeyDist::Uniform;  ///< which user and product a request names (uniform or zipf)
    double zipf_s = 1.0;
    std::array<double, kRequestTypes> mix{40, 30, 20, 10};  ///< weights by request type (VOp order)
    double link_latency_ms = 0.2;  ///< one-way delay of every link, ms
    double db_ms = 0.1;            ///< service time of one SQLite transaction, ms (live: SQLite's own time when longer)
    int db_queue_limit = 10000;    ///< jobs waiting for a service's database before more are shed
    int history_limit = 20;        ///< order-history: the user's latest orders it returns

    std::atomic<double> arrival_rps{400.0};  ///< requests per second (Poisson), changeable live
    std::atomic<bool> stopping{false};       ///< the client starts no new requests

    /// Time after which a caller gives up, ms (the client on a request, a service on its calls).
    double op_timeout_ms() const { return 2000.0; }
};

}  // namespace archlab::partlab
