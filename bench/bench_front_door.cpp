// The HTTP front door with a small cluster behind it, for driving with wrk or curl:
// door -> gateway -> a round-robin "lb" -> 3 app nodes on the live runtime (every hop a real
// 127.0.0.1 TCP connection). App nodes answer 200 at once with a fixed body naming themselves.
// Prints the URL, runs until SIGINT/SIGTERM, then prints what the door and the app nodes counted.
// Not a test: bench/front_door_vs_nginx.sh runs it beside nginx.
//
//   build/release/bin/bench_front_door [--port P] [--apps N] [--io-threads T]
#include <utility>  // Boost 1.74 asio needs std::exchange declared first under C++20

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/net/gateway_node.h"
#include "core/net/http_front_door.h"
#include "core/runtime/live_runtime.h"

using namespace archlab;
using namespace archlab::net;

namespace {

/// Answers every request 200 with "hello from <name>\n"; counts what it served.
class AppNode : public Node {
public:
    explicit AppNode(std::atomic<std::uint64_t>* served) : served_(served) {}
    void start(Context& ctx) override {
        answer_.node = ctx.name(ctx.self());
        answer_.body = "hello from " + answer_.node + "\n";
        encoded_ = encode(answer_);
    }
    void on_message(Context& ctx, const Message& m) override {
        if (m.type != kWebRequest) return;
        served_->fetch_add(1, std::memory_order_relaxed);
        ctx.send(m.from, kWebResponse, m.id, encoded_);
    }

private:
    std::atomic<std::uint64_t>* served_;  ///< requests this node answered, all instances
    WebResponse answer_;                  ///< the fixed answer
    std::string encoded_;                 ///< its encoding, made once
};

/// Round robin over the app nodes; relays each answer to whoever asked, under the caller's id.
class RoundRobinLb : public Node {
public:
    explicit RoundRobinLb(int apps) : apps_(apps) {}
    void start(Context& ctx) override {
        for (int i = 1; i <= apps_; ++i) targets_.push_back(ctx.lookup("app-" + std::to_string(i)));
    }
    void on_message(Context& ctx, const Message& m) override {
        if (m.type == kWebRequest) {
            const std::uint64_t id = next_id_++;
            waiting_.emplace(id, std::make_pair(m.from, m.id));
            ctx.send(targets_[next_target_++ % targets_.size()], kWebRequest, id, m.body);
        } else if (m.type == kWebResponse) {
            const auto it = waiting_.find(m.id);
            if (it == waiting_.end()) return;
            ctx.send(it->second.first, kWebResponse, it->second.second, m.body);
            waiting_.erase(it);
        }
    }

private:
    int apps_;                                 ///< how many app nodes
    std::vector<NodeIndex> targets_;           ///< app-1 .. app-N
    std::size_t next_target_ = 0;              ///< round-robin position
    std::uint64_t next_id_ = 1;                ///< id of the next forwarded request
    std::unordered_map<std::uint64_t, std::pair<NodeIndex, std::uint64_t>> waiting_;  ///< our id -> (caller, its id)
};

int int_arg(int argc, char** argv, const char* name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const int port = int_arg(argc, argv, "--port", 0);
    const int apps = int_arg(argc, argv, "--apps", 3);
    const int io_threads = int_arg(argc, argv, "--io-threads", 1);
    if (port < 0 || port > 65535 || apps < 1 || apps > 64 || io_threads < 1 || io_threads > 16) {
        std::fprintf(stderr, "usage: bench_front_door [--port 0..65535] [--apps 1..64] [--io-threads 1..16]\n");
        return 2;
    }
    // Block the stop signals before any thread starts, so only sigwait below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    std::vector<std::unique_ptr<std::atomic<std::uint64_t>>> served;
    LiveRuntime rt(1);
    const NodeIndex gateway = rt.add_node(gateway_spec(GatewayConfig{}));
    rt.add_node({"lb", "lb", 0, [apps] { return std::make_unique<RoundRobinLb>(apps); }});
    for (int i = 1; i <= apps; ++i) {
        served.push_back(std::make_unique<std::atomic<std::uint64_t>>(0));
        std::atomic<std::uint64_t>* counter = served.back().get();
        rt.add_node({"app-" + std::to_string(i), "worker", 0, [counter] { return std::make_unique<AppNode>(counter); }});
    }
    rt.start();
    HttpDoorConfig config;
    config.port = static_cast<std::uint16_t>(port);
    config.io_threads = io_threads;
    HttpFrontDoor door(config, gateway_dispatch(rt, gateway));
    door.start();
    std::printf("URL %s\n", door.url().c_str());
    std::fflush(stdout);

    int signal = 0;
    sigwait(&stop_signals, &signal);
    door.stop();
    rt.stop();
    const HttpDoorStats& s = door.stats();
    std::printf("door: connections %llu, requests %llu, responses %llu, malformed %llu\n",
                static_cast<unsigned long long>(s.connections.load()), static_cast<unsigned long long>(s.requests.load()),
                static_cast<unsigned long long>(s.responses.load()), static_cast<unsigned long long>(s.malformed.load()));
    for (int i = 0; i < apps; ++i)
        std::printf("app-%d served %llu\n", i + 1, static_cast<unsigned long long>(served[static_cast<std::size_t>(i)]->load()));
    return 0;
}
