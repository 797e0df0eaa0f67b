#pragma once
// The executor test fixture shared by test_resp_*.cpp: a store on a manual clock, an executor
// over it, and the RESP reply builders the expected replies are written with.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "core/cache/policy_registry.h"
#include "core/resp/command_executor.h"

namespace resp_test {

using namespace archlab;
using namespace archlab::resp;
using Args = std::vector<std::string>;

/// A store on a manual clock and an executor over it.
struct Fixture {
    Nanos now{0};
    SharedCacheStore store;
    ServerCounters counters;
    CommandExecutor executor{store, counters};
    ClientState client;

    explicit Fixture(std::string_view policy = "lru", std::uint64_t capacity = 1000,
                     cache::CapacityUnit unit = cache::CapacityUnit::entries)
        : store(cache::builtin_policies(), policy, capacity, unit, [this] { return now; }) {
        client.id = 7;
        store.set_unix_ms_at_zero(kUnixAtZeroMs);
    }
    static constexpr std::int64_t kUnixAtZeroMs = 1'700'000'000'000;  ///< 2023-11-14, as Unix ms

    /// The raw reply to one command.
    std::string run(const Args& args) {
        std::string out;
        RespWriter w(out);
        executor.execute(args, client, w);
        return out;
    }
    cache::CacheStoreStats stats() {
        return store.locked([](cache::CacheStore& s, Nanos) { return s.stats(); });
    }
    /// The value of "field:" in INFO's text.
    std::string info_field(const std::string& field) {
        const std::string text = run({"INFO"});
        const auto at = text.find("\r\n" + field + ":");
        if (at == std::string::npos) return "(missing)";
        const auto start = at + field.size() + 3;
        return text.substr(start, text.find("\r\n", start) - start);
    }
    void advance_ms(std::int64_t ms) { now += Nanos(ms * 1'000'000); }
};

inline std::string bulk(const std::string& v) { return fmt::format("${}\r\n{}\r\n", v.size(), v); }
inline std::string integer(long long v) { return fmt::format(":{}\r\n", v); }
inline const std::string kOk = "+OK\r\n";
inline const std::string kNil = "$-1\r\n";


}  // namespace resp_test
