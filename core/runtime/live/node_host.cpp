// NodeHost: lifecycle, listening socket, and node faults. Events and sending: node_host_events.cpp.
#include "core/runtime/live/node_host.h"

#include <boost/asio/post.hpp>

#if defined(__linux__)
#include <pthread.h>
#endif

#include "core/runtime/emulated_time.h"
#include "core/runtime/live/runtime_log.h"
#include "core/runtime/seed_mix.h"

namespace archlab::live {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {
thread_local const NodeHost* t_current_host = nullptr;  ///< the host whose thread this is
constexpr Nanos kDrainGrace = std::chrono::seconds(2);  ///< how long a dead node's connections may drain
}  // namespace

NodeHost::NodeHost(LiveCluster& cluster, NodeIndex index, NodeSpec spec)
    : cluster_(cluster),
      index_(index),
      spec_(std::move(spec)),
      io_(1),  // one thread runs it
      work_(asio::make_work_guard(io_)),
      acceptor_(io_),
      accept_backoff_("node " + spec_.name),
      accept_pause_(io_),
      service_timer_(io_),
      pool_(spec_.name, spec_.worker_threads,
            [this](std::uint64_t incarnation, std::function<void(Nanos)> done, Nanos busy) {
                asio::post(io_, [this, incarnation, d = std::move(done), busy]() mutable {
                    on_job_done(incarnation, std::move(d), busy);
                });
            },
            meter_, spec_.max_queued_jobs),
      random_(node_seed(cluster.seed, index, SeedStream::Node)),
      transport_random_(node_seed(cluster.seed, index, SeedStream::Transport)) {
    ctx_ = std::make_unique<LiveContext>(*this, cluster_, index_, spec_.worker_threads);
}

NodeHost::~NodeHost() {
    stop();
    teardown();
}

bool NodeHost::on_node_thread() const { return t_current_host == this; }

void NodeHost::log_node_exception(const std::exception& e) const {
    runtime_log().error("{}: node code threw: {}", spec_.name, e.what());
}

// ---- Lifecycle ---------------------------------------------------------------------------------

void NodeHost::listen() {
    const tcp::endpoint ep(asio::ip::address_v4::loopback(), port());
    error_code ignored;
    acceptor_.close(ignored);
    try {
        acceptor_.open(ep.protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(ep);
        acceptor_.listen(asio::socket_base::max_listen_connections);
    } catch (...) {
        acceptor_.close(ignored);
        throw;
    }
    port_.store(acceptor_.local_endpoint().port(), std::memory_order_relaxed);
    ++listen_generation_;
}

std::future<void> NodeHost::start() {
    auto booted = std::make_shared<std::promise<void>>();
    std::future<void> ready = booted->get_future();
    if (running_.exchange(true)) {
        booted->set_value();
        return ready;
    }
    links_.resize(cluster_.size());
    asio::post(io_, [this, booted] {
        accept();
        boot();
        booted->set_value();
    });
    thread_ = std::thread([this] {
        t_current_host = this;
        use_fine_timer_slack();
#if defined(__linux__)
        pthread_setname_np(pthread_self(), ("n:" + spec_.name).substr(0, 15).c_str());
#endif
        io_.run();
        t_current_host = nullptr;
    });
    return ready;
}

void NodeHost::stop() {
    running_ = false;
    pool_.stop();
    work_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
}

void NodeHost::teardown() {
    down_ = true;
    paused_ = false;
    for (auto& [id, timer] : timers_) timer->cancel();
    timers_.clear();
    spare_timers_.clear();
    held_.clear();
    held_messages_ = 0;
    held_bytes_ = 0;
    service_timer_.cancel();
    in_service_ = false;
    node_.reset();
    graveyard_.clear();
    for (auto& [raw, session] : sessions_) session->close();
    sessions_.clear();
    for (auto& l : links_)
        if (l) l->close();
    error_code ignored;
    acceptor_.close(ignored);
}

void NodeHost::accept() {
    const std::uint64_t gen = listen_generation_;
    acceptor_.async_accept([this, gen](const error_code& ec, tcp::socket socket) {
        if (gen != listen_generation_ || ec == asio::error::operation_aborted) return;  // a closed listener
        if (ec) {
            runtime_log().debug("{}: accept: {}", spec_.name, ec.message());
            const auto wait = accept_backoff_.after(ec);
            if (wait.count() == 0) {
                accept();
                return;
            }
            accept_pause_.expires_after(wait);
            accept_pause_.async_wait([this, gen](const error_code& timer_ec) {
                if (!timer_ec && gen == listen_generation_) accept();
            });
            return;
        }
        accept_backoff_.after(ec);  // a success ends a pause episode
        if (down_.load(std::memory_order_relaxed)) return;  // killed a moment ago: the socket closes
        error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        auto session = std::make_shared<InboundSession>(std::move(socket), *this);
        sessions_.emplace(session.get(), session);
        session->start();
        accept();
    });
}

void NodeHost::boot() {
    try {
        node_ = spec_.factory ? spec_.factory() : nullptr;
    } catch (const std::exception& e) {
        log_node_exception(e);
    }
    if (!node_) {
        runtime_log().error("{}: the node factory made no node; it stays down", spec_.name);
        return;
    }
    paused_ = false;
    down_ = false;
    run_node_code([this] { node_->start(*ctx_); });
}

void NodeHost::on_session_end(InboundSession& session) { sessions_.erase(&session); }

// ---- Node faults -------------------------------------------------------------------------------

void NodeHost::kill() {
    if (!running_) return;
    down_ = true;
    paused_ = false;
    asio::post(io_, [this] { do_kill(); });
}

void NodeHost::do_kill() {
    if (!node_) return;
    incarnation_.fetch_add(1);
    ++listen_generation_;
    error_code ignored;
    acceptor_.close(ignored);
    // Tell every sender at once; each session counts what still arrives as dropped.
    for (auto& [raw, session] : sessions_) session->drain(kDrainGrace);
    for (auto& [id, timer] : timers_) timer->cancel();
    timers_.clear();
    for (const Held& h : held_)
        if (h.kind == Held::Kind::Message) cluster_.links.count_dropped(h.msg.from, h.msg.to);
    held_.clear();
    held_messages_ = 0;
    held_bytes_ = 0;
    if (in_service_) cluster_.links.count_dropped(serving_.from, serving_.to);
    in_service_ = false;
    ++service_seq_;
    service_timer_.cancel();
    pool_.discard_queued();
    pool_.set_paused(false);
    paused_ = false;
    down_ = true;
    if (node_depth_ > 0) graveyard_.push_back(std::move(node_));  // killed from inside its own code
    else node_.reset();
    runtime_log().info("{} killed", spec_.name);
}

void NodeHost::restart() {
    if (!running_) return;
    down_ = true;
    paused_ = false;
    asio::post(io_, [this] { do_restart(); });
}

void NodeHost::do_restart() {
    do_kill();
    try {
        listen();
    } catch (const std::exception& e) {
        runtime_log().error("{}: cannot listen again on 127.0.0.1:{}: {}; it stays down", spec_.name, port(),
                            e.what());
        return;
    }
    accept();
    boot();
    runtime_log().info("{} restarted on 127.0.0.1:{}", spec_.name, port());
}

void NodeHost::pause() {
    if (!running_ || down_) return;
    paused_ = true;
    pool_.set_paused(true);
}

void NodeHost::resume() {
    if (!running_ || !paused_.exchange(false)) return;
    pool_.set_paused(false);
    asio::post(io_, [this] { drain_held(); });
}

void NodeHost::slow(Nanos extra_per_message, double work_factor) {
    slow_extra_ns_.store(clamp_emulated(extra_per_message).count(), std::memory_order_relaxed);
    pool_.set_work_factor(work_factor);
}

NodeState NodeHost::state() const {
    if (down_) return NodeState::Down;
    if (paused_) return NodeState::Paused;
    if (cluster_.links.partitioned(index_)) return NodeState::Partitioned;
    if (slow_extra_ns_.load(std::memory_order_relaxed) > 0 || pool_.work_factor() != 1.0) return NodeState::Slow;
    return NodeState::Up;
}

}  // namespace archlab::live
