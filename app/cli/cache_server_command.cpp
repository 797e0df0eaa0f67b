#include "app/cli/cache_server_command.h"

#include <csignal>
#include <iostream>

#if defined(_WIN32)
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#endif

#include <fmt/format.h>

#include "core/cache/policy_registry.h"
#include "core/lab/settings.h"
#include "core/resp/command_args.h"
#include "core/resp/resp_server.h"
#include "core/resp/store_config.h"

namespace archlab::cli {

int cache_server(const CacheServerOptions& o) {
    using namespace archlab::resp;
    const auto& registry = cache::builtin_policies();
    const auto policy = policy_from_redis_name(registry, o.policy);
    if (!policy) {
        throw InputError("--policy '" + o.policy + "' is not a policy; use one of: " + accepted_policy_names(registry));
    }
    if (!o.maxmemory.empty() && o.capacity_entries > 0) {
        throw InputError("give either --maxmemory or --capacity-entries, not both");
    }
    std::uint64_t capacity = kUnlimitedCapacity;
    cache::CapacityUnit unit = cache::CapacityUnit::bytes;
    if (o.capacity_entries > 0) {
        capacity = o.capacity_entries;
        unit = cache::CapacityUnit::entries;
    } else if (!o.maxmemory.empty()) {
        const auto bytes = parse_memory(o.maxmemory);
        if (!bytes || *bytes >= kUnlimitedCapacity) {
            throw InputError("--maxmemory '" + o.maxmemory + "' is not a memory size (bytes, or like 100mb, 1gb; 0 = no limit)");
        }
        if (*bytes > 0) capacity = *bytes;
    }
    if (o.io_threads < 1 || o.io_threads > 64) throw InputError("--io-threads must be 1..64");

    const auto started = std::chrono::steady_clock::now();
    SharedCacheStore store(registry, *policy, capacity, unit, [started] {
        return std::chrono::duration_cast<Nanos>(std::chrono::steady_clock::now() - started);
    });
    RespServerOptions server_options;
    server_options.port = o.port;
    server_options.io_threads = o.io_threads;
    RespServer server(store, server_options);

#if !defined(_WIN32)
    // Block the stop signals before the io threads start, so they inherit the mask and only
    // this thread receives them, in sigwait().
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
#endif
    try {
        server.start();
    } catch (const std::runtime_error& e) {
        std::cerr << "archlab-cli: " << e.what() << '\n';
        return 1;
    }
    const std::string limit = capacity >= kUnlimitedCapacity ? std::string("no memory limit")
                              : unit == cache::CapacityUnit::entries ? fmt::format("{} entries", capacity)
                                                                     : fmt::format("maxmemory {} bytes", capacity);
    std::cout << fmt::format("cache node listening on 127.0.0.1:{} (policy {}, {})\n", server.port(), *policy, limit)
              << fmt::format("try: redis-cli -p {}    (Ctrl-C stops)\n", server.port()) << std::flush;
#if defined(_WIN32)
    // No signal masks on Windows: Asio turns Ctrl-C (SIGINT) and SIGTERM into a completion.
    boost::asio::io_context signals_io;
    boost::asio::signal_set stop_signals(signals_io, SIGINT, SIGTERM);
    stop_signals.async_wait([](const boost::system::error_code&, int) {});
    signals_io.run();
#else
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
#endif
    server.stop();
    const auto st = store.locked([](cache::CacheStore& s, Nanos) { return s.stats(); });
    std::cout << fmt::format("stopped: {} commands, {} hits, {} misses, {} evicted, {} expired, {} keys\n",
                             server.counters().total_commands.load(), st.hits, st.misses, st.evicted_keys,
                             st.expired_keys, st.keys);
    return 0;
}

}  // namespace archlab::cli
