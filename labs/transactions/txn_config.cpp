#include "labs/transactions/txn_config.h"

#include <algorithm>
#include <cmath>

#include "core/lab/settings.h"

namespace archlab::txnlab {

Strategy parse_strategy(const std::string& s) {
    if (s == "2pc") return Strategy::TwoPhase;
    if (s == "saga-orchestrated") return Strategy::Orchestrated;
    if (s == "saga-choreography") return Strategy::Choreography;
    throw InputError("strategy " + s + ": expected 2pc, saga-orchestrated or saga-choreography");
}

const char* to_string(Strategy s) {
    switch (s) {
        case Strategy::TwoPhase: return "2pc";
        case Strategy::Orchestrated: return "saga-orchestrated";
        case Strategy::Choreography: return "saga-choreography";
    }
    return "?";
}

const char* service_name(Service s) {
    switch (s) {
        case Service::Order: return "order";
        case Service::Payment: return "payment";
        case Service::Inventory: return "inventory";
        case Service::Shipment: return "shipment";
    }
    return "?";
}

bool address_refused(std::uint64_t order_id, std::uint64_t seed, double reject_ratio) {
    // splitmix64 of the order and the run's seed: uniform in [0, 1).
    std::uint64_t z = order_id * 0x9E3779B97F4A7C15ULL + seed + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return double(z >> 11) * 0x1.0p-53 < reject_ratio;
}

Catalogue::Catalogue(int items, double zipf_s) {
    double sum = 0.0;
    for (int i = 0; i < items; ++i) {
        sum += 1.0 / std::pow(double(i) + 1.0, zipf_s);
        cdf_.push_back(sum);
    }
    for (double& c : cdf_) c /= sum;
}

std::uint32_t Catalogue::pick(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
    return static_cast<std::uint32_t>(std::min<std::ptrdiff_t>(it - cdf_.begin(), std::ptrdiff_t(cdf_.size()) - 1));
}

}  // namespace archlab::txnlab
