#include "core/cache/cache_sim.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

#include "core/lab/settings.h"

namespace archlab::cache {

LoadedTrace load_trace(TraceReader& reader, bool ignore_size) {
    LoadedTrace trace;
    std::unordered_set<CacheKey, CacheKeyHash> seen;
    TraceRequest request;
    while (reader.next(request)) {
        const std::uint64_t size = ignore_size ? 1 : request.size;
        trace.keys.push_back(request.key);
        trace.sizes.push_back(size);
        trace.total_bytes += size;
        if (seen.insert(request.key).second) trace.unique_bytes += size;
    }
    trace.unique_keys = seen.size();
    trace.zero_size_skipped = reader.zero_size_skipped();
    return trace;
}

SimResult replay(const LoadedTrace& trace, const PolicyRegistry& registry, const SimConfig& config) {
    PolicyConfig pc;
    pc.capacity = config.capacity;
    pc.unit = config.unit;
    pc.seed = config.seed;
    const std::unique_ptr<CachePolicy> policy = registry.create(config.policy, pc);

    SimResult r;
    r.policy = config.policy;
    r.capacity = config.capacity;
    r.unit = config.unit;
    r.requests = trace.requests();
    std::vector<CacheKey> evicted;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < trace.keys.size(); ++i) {
        const CacheKey key = trace.keys[i];
        const std::uint64_t size = trace.sizes[i];
        r.bytes_requested += size;
        if (policy->lookup(key)) {
            ++r.hits;
            continue;
        }
        ++r.misses;
        r.bytes_missed += size;
        evicted.clear();
        if (!policy->insert(key, size, &evicted)) ++r.not_admitted;
        r.evictions += evicted.size();
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

std::vector<SimResult> replay_all(const LoadedTrace& trace, const PolicyRegistry& registry,
                                  const std::vector<std::string>& policies, const std::vector<std::uint64_t>& capacities,
                                  CapacityUnit unit, std::uint64_t seed) {
    std::vector<SimResult> out;
    out.reserve(policies.size() * capacities.size());
    for (const std::string& policy : policies) {
        for (const std::uint64_t capacity : capacities) {
            out.push_back(replay(trace, registry, SimConfig{policy, capacity, unit, seed}));
        }
    }
    return out;
}

namespace {

/// Splits every element at commas, trimming spaces and dropping empty pieces.
std::vector<std::string> split_lists(const std::vector<std::string>& texts) {
    std::vector<std::string> out;
    for (const std::string& text : texts) {
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t cut = text.find(',', start);
            if (cut == std::string::npos) cut = text.size();
            std::string piece = text.substr(start, cut - start);
            const auto first = piece.find_first_not_of(" \t");
            const auto last = piece.find_last_not_of(" \t");
            if (first != std::string::npos) out.push_back(piece.substr(first, last - first + 1));
            start = cut + 1;
        }
    }
    return out;
}

std::uint64_t parse_capacity(const std::string& text, std::uint64_t working_set) {
    const auto bad = [&text](const std::string& why) {
        return InputError("capacity '" + text + "' " + why + " (e.g. 1000, 64K, 1.5M, 2G, or 0.01 of the working set)");
    };
    std::size_t used = 0;
    double value = 0.0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        throw bad("is not a number");
    }
    std::string suffix = text.substr(used);
    for (char& c : suffix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (suffix.size() == 3 && suffix.compare(1, 2, "IB") == 0) suffix.resize(1);     // KiB -> K
    else if (suffix.size() == 2 && suffix.back() == 'B') suffix.resize(1);          // KB -> K
    if (suffix.empty() && value > 0.0 && value < 1.0) {
        // A fraction of the working set, as established simulators accept it.
        if (working_set == 0) throw bad("is a fraction, but the working set is not known yet");
        const double share = std::floor(value * static_cast<double>(working_set));
        return share < 1.0 ? 1 : static_cast<std::uint64_t>(share);
    }
    double scale = 1.0;
    if (suffix == "K") scale = 1024.0;
    else if (suffix == "M") scale = 1024.0 * 1024.0;
    else if (suffix == "G") scale = 1024.0 * 1024.0 * 1024.0;
    else if (suffix == "T") scale = 1024.0 * 1024.0 * 1024.0 * 1024.0;
    else if (!suffix.empty() && suffix != "B") throw bad("has an unknown unit");
    const double scaled = value * scale;
    if (!std::isfinite(scaled) || scaled < 1.0) throw bad("must be at least 1");
    if (scaled >= 1.8e19) throw bad("is too large");
    if (scaled != std::floor(scaled)) throw bad("is not a whole number");
    return static_cast<std::uint64_t>(scaled);
}

}  // namespace

std::vector<std::uint64_t> parse_capacities(const std::vector<std::string>& texts, std::uint64_t working_set) {
    std::vector<std::uint64_t> out;
    for (const std::string& piece : split_lists(texts)) out.push_back(parse_capacity(piece, working_set));
    if (out.empty()) throw InputError("no capacity given");
    return out;
}

std::vector<std::string> parse_policy_names(const std::vector<std::string>& texts, const PolicyRegistry& registry) {
    std::vector<std::string> out;
    for (const std::string& piece : split_lists(texts)) {
        if (piece == "all") {
            for (const std::string& name : registry.names()) out.push_back(name);
            continue;
        }
        if (registry.find(piece) == nullptr) {
            std::string known;
            for (const std::string& name : registry.names()) known += name + ", ";
            throw InputError("unknown cache policy '" + piece + "' (known: " + known + "all)");
        }
        out.push_back(piece);
    }
    if (out.empty()) throw InputError("no cache policy given");
    return out;
}

}  // namespace archlab::cache
