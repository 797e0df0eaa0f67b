#include "core/cache/sim_report.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

namespace archlab::cache {

namespace {

constexpr std::size_t kColumns = 9;
using Row = std::array<std::string, kColumns>;

Row row_of(const SimResult& r) {
    return {r.policy,
            std::to_string(r.capacity),
            std::to_string(r.requests),
            std::to_string(r.hits),
            std::to_string(r.misses),
            fmt::format("{:.6f}", r.hit_ratio()),
            fmt::format("{:.6f}", r.miss_ratio()),
            fmt::format("{:.6f}", r.byte_miss_ratio()),
            fmt::format("{:.0f}", r.requests_per_s())};
}

std::ofstream open_out(const std::string& path) {
    std::ofstream out(path);
    if (!out) throw std::runtime_error("cannot write '" + path + "'");
    return out;
}

void finish(std::ofstream& out, const std::string& path) {
    out.flush();
    if (!out) throw std::runtime_error("cannot write '" + path + "'");
}

}  // namespace

std::string format_sim_table(const std::vector<SimResult>& results) {
    const std::string unit = results.empty() ? "entries" : to_string(results.front().unit);
    std::vector<Row> rows;
    rows.push_back({"policy", "capacity(" + unit + ")", "requests", "hits", "misses", "hit_ratio", "miss_ratio",
                    "byte_miss_ratio", "requests/s"});
    for (const SimResult& r : results) rows.push_back(row_of(r));

    std::array<std::size_t, kColumns> width{};
    for (const Row& row : rows) {
        for (std::size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], row[c].size());
    }
    std::string out;
    for (const Row& row : rows) {
        for (std::size_t c = 0; c < kColumns; ++c) {
            if (c == 0) {
                out += fmt::format("{:<{}}", row[c], width[c]);  // names left, numbers right
            } else {
                out += fmt::format("  {:>{}}", row[c], width[c]);
            }
        }
        out += '\n';
    }
    return out;
}

void write_sim_csv(const std::vector<SimResult>& results, const std::string& path) {
    std::ofstream out = open_out(path);
    out << "policy,capacity,requests,hits,misses,hit_ratio,miss_ratio,byte_miss_ratio,requests_per_s\n";
    for (const SimResult& r : results) {
        const Row row = row_of(r);
        for (std::size_t c = 0; c < kColumns; ++c) out << (c == 0 ? "" : ",") << row[c];
        out << '\n';
    }
    finish(out, path);
}

void write_mrc_csv(const std::vector<SimResult>& results, const std::string& path) {
    std::vector<std::string> policies;  // in first-seen order
    std::map<std::uint64_t, std::map<std::string, double>> curve;  // capacity -> policy -> miss ratio
    for (const SimResult& r : results) {
        if (std::find(policies.begin(), policies.end(), r.policy) == policies.end()) policies.push_back(r.policy);
        curve[r.capacity][r.policy] = r.miss_ratio();
    }
    std::ofstream out = open_out(path);
    out << "capacity";
    for (const std::string& p : policies) out << ',' << p;
    out << '\n';
    for (const auto& [capacity, by_policy] : curve) {
        out << capacity;
        for (const std::string& p : policies) {
            out << ',';
            if (const auto it = by_policy.find(p); it != by_policy.end()) out << fmt::format("{:.6f}", it->second);
        }
        out << '\n';
    }
    finish(out, path);
}

}  // namespace archlab::cache
