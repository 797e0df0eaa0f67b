// Transport benchmark: requests through client -> balancer -> worker -> balancer -> client on
// the live runtime (every hop a real 127.0.0.1 TCP connection), beside a raw Asio loopback
// echo measured in the same run. Prints round-trip latency, the latency each hop adds, and
// messages per second, with ratios to the raw echo. Not a test: it only prints figures.
//
//   build/release/bin/bench_transport [--requests N] [--window W]
#include <utility>  // Boost 1.74 asio needs std::exchange declared first under C++20

#include <boost/asio.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics/histogram.h"
#include "core/runtime/live_runtime.h"

using namespace archlab;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Figures {
    double rtt_mean_us = 0, rtt_p50_us = 0, rtt_p99_us = 0;  ///< one request at a time
    double per_s = 0;                                          ///< round trips per second with a window
};

// ---- Raw loopback echo: a blocking echo server thread and a client, 32-byte frames. ----
Figures raw_echo(int requests, int window) {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const auto port = acceptor.local_endpoint().port();
    std::thread server([&] {
        tcp::socket s(io);
        acceptor.accept(s);
        s.set_option(tcp::no_delay(true));
        char buf[32 * 256];
        boost::system::error_code ec;
        for (;;) {
            const std::size_t n = s.read_some(asio::buffer(buf), ec);
            if (ec) break;
            asio::write(s, asio::buffer(buf, n), ec);
            if (ec) break;
        }
    });
    tcp::socket c(io);
    c.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    c.set_option(tcp::no_delay(true));
    char frame[32] = {};
    char in[32];
    Histogram h;
    for (int i = 0; i < requests; ++i) {
        const auto t0 = Clock::now();
        asio::write(c, asio::buffer(frame));
        asio::read(c, asio::buffer(in));
        h.record(static_cast<std::uint64_t>((Clock::now() - t0).count()));
    }
    // Pipelined: keep `window` frames outstanding.
    std::vector<char> burst(32 * static_cast<std::size_t>(window));
    std::vector<char> back(burst.size());
    const int rounds = std::max(1, requests * 4 / window);
    const auto t0 = Clock::now();
    for (int r = 0; r < rounds; ++r) {
        asio::write(c, asio::buffer(burst));
        asio::read(c, asio::buffer(back));
    }
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    c.close();
    server.join();
    const HistogramSnapshot s = h.snapshot();
    return {s.mean() / 1e3, s.percentile(0.5) / 1e3, s.percentile(0.99) / 1e3, rounds * window / secs};
}

// ---- The same through the live runtime. ----
struct Shared {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    Histogram rtt;
    int completed = 0;
    double secs = 0;
};

class BenchClient : public Node {
public:
    BenchClient(Shared* s, int requests, int window) : s_(s), requests_(requests), window_(window) {}
    void start(Context& ctx) override {
        lb_ = ctx.lookup("lb");
        send(ctx);  // phase 1: one at a time
    }
    void on_message(Context& ctx, const Message& msg) override {
        const Nanos now = ctx.now();
        if (phase_ == 1) {
            s_->rtt.record(static_cast<std::uint64_t>((now - sent_at_).count()));
            if (++done_ < requests_) return send(ctx);
            phase_ = 2;
            done_ = 0;
            sent_ = 0;
            t0_ = now;
            for (int i = 0; i < window_; ++i) send(ctx);
            return;
        }
        (void)msg;
        if (++done_ < requests_ * 4) {
            if (sent_ < requests_ * 4) send(ctx);
            return;
        }
        std::lock_guard lock(s_->mu);
        s_->completed = done_;
        s_->secs = to_s(now - t0_);
        s_->done = true;
        s_->cv.notify_all();
    }

private:
    void send(Context& ctx) {
        sent_at_ = ctx.now();
        ++sent_;
        ctx.send(lb_, 1, static_cast<std::uint64_t>(sent_), std::string(16, 'x'));
    }
    Shared* s_;
    int requests_, window_;
    NodeIndex lb_ = kNoNode;
    int phase_ = 1, done_ = 0, sent_ = 0;
    Nanos sent_at_{0}, t0_{0};
};

class BenchBalancer : public Node {
public:
    void start(Context& ctx) override {
        client_ = ctx.lookup("client");
        worker_ = ctx.lookup("worker");
    }
    void on_message(Context& ctx, const Message& msg) override {
        if (msg.from == client_) ctx.send(worker_, 1, msg.id, msg.body);
        else ctx.send(client_, 2, msg.id, msg.body);
    }
private:
    NodeIndex client_ = kNoNode, worker_ = kNoNode;
};

class BenchWorker : public Node {
public:
    void on_message(Context& ctx, const Message& msg) override { ctx.send(msg.from, 2, msg.id, msg.body); }
};

Figures through_runtime(int requests, int window) {
    Shared s;
    {
        LiveRuntime rt(1);
        rt.add_node({"client", "client", 0, [&] { return std::make_unique<BenchClient>(&s, requests, window); }});
        rt.add_node({"lb", "lb", 0, [] { return std::make_unique<BenchBalancer>(); }});
        rt.add_node({"worker", "worker", 0, [] { return std::make_unique<BenchWorker>(); }});
        rt.start();
        std::unique_lock lock(s.mu);
        s.cv.wait(lock, [&] { return s.done; });
        lock.unlock();
        rt.stop();
    }
    const HistogramSnapshot h = s.rtt.snapshot();
    return {h.mean() / 1e3, h.percentile(0.5) / 1e3, h.percentile(0.99) / 1e3, s.completed / s.secs};
}

}  // namespace

int main(int argc, char** argv) {
    int requests = 20000, window = 64;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--requests")) requests = std::max(100, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--window")) window = std::max(1, std::atoi(argv[i + 1]));
    }
    std::printf("transport benchmark: %d round trips one at a time, then %d with %d outstanding\n", requests,
                requests * 4, window);
    const Figures raw = raw_echo(requests, window);
    const Figures lab = through_runtime(requests, window);
    // A raw echo round trip is 2 hops; client->lb->worker->lb->client is 4.
    const double raw_hop = raw.rtt_mean_us / 2.0, lab_hop = lab.rtt_mean_us / 4.0;
    std::printf("\n%-34s %12s %12s %12s %16s\n", "", "rtt mean us", "rtt p50 us", "rtt p99 us", "round trips/s");
    std::printf("%-34s %12.1f %12.1f %12.1f %16.0f\n", "raw asio echo (2 hops)", raw.rtt_mean_us, raw.rtt_p50_us,
                raw.rtt_p99_us, raw.per_s);
    std::printf("%-34s %12.1f %12.1f %12.1f %16.0f\n", "client->lb->worker->lb->client (4)", lab.rtt_mean_us,
                lab.rtt_p50_us, lab.rtt_p99_us, lab.per_s);
    std::printf("\nlatency per hop: raw %.1f us, runtime %.1f us (ratio %.2f)\n", raw_hop, lab_hop, lab_hop / raw_hop);
    std::printf("messages per second: raw %.0f, runtime %.0f (4 messages per request; ratio %.2f)\n",
                raw.per_s * 2, lab.per_s * 4, (lab.per_s * 4) / (raw.per_s * 2));
    return 0;
}
