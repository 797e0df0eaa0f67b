#include "labs/partitioning/vertical_config.h"

#include <cstdlib>
#include <sstream>

#include "core/lab/settings.h"

namespace archlab::partlab {

const char* domain_name(Domain d) {
    switch (d) {
        case Domain::Users: return "users";
        case Domain::Orders: return "orders";
        case Domain::Catalog: return "catalog";
    }
    return "?";
}

const char* vop_name(VOp op) {
    switch (op) {
        case VOp::GetUser: return "get-user";
        case VOp::GetProduct: return "get-product";
        case VOp::PlaceOrder: return "place-order";
        case VOp::OrderHistory: return "order-history";
        case VOp::GetProducts: return "get-products";
    }
    return "?";
}

Domain owner_of(VOp op) {
    switch (op) {
        case VOp::GetUser: return Domain::Users;
        case VOp::PlaceOrder:
        case VOp::OrderHistory: return Domain::Orders;
        case VOp::GetProduct:
        case VOp::GetProducts: return Domain::Catalog;
    }
    return Domain::Users;
}

std::array<double, kRequestTypes> parse_vertical_mix(const std::string& text) {
    std::array<double, kRequestTypes> w{};
    std::stringstream in(text);
    std::string item;
    int n = 0;
    double sum = 0.0;
    while (std::getline(in, item, ',')) {
        if (n == kRequestTypes) throw InputError("more than 4 weights (get-user,get-product,place-order,order-history)");
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        const bool blank_rest = end && std::string(end).find_first_not_of(" \t") == std::string::npos;
        if (item.empty() || end == item.c_str() || !blank_rest || !(v >= 0.0)) {
            throw InputError("weight " + std::to_string(n + 1) + " '" + item + "' is not a number >= 0");
        }
        w[std::size_t(n++)] = v;
        sum += v;
    }
    if (n != kRequestTypes) throw InputError("give 4 weights (get-user,get-product,place-order,order-history), not " + std::to_string(n));
    if (sum <= 0.0) throw InputError("the weights are all 0");
    return w;
}

}  // namespace archlab::partlab
