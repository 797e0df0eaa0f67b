// NodeHost: what happens on the node's thread: frames in, messages out, timers, job results,
// and the events held while the node is paused.
#include <boost/asio/post.hpp>

#include "core/runtime/live/node_host.h"
#include "core/runtime/live/runtime_log.h"

namespace archlab::live {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {
constexpr std::size_t kSpareTimers = 64;  ///< timer objects kept for reuse
}

// ---- Frames in -----------------------------------------------------------------------------------

void NodeHost::on_frame(const FrameHeader& h, std::string_view body) {
    if (h.to != index_ || h.from >= cluster_.size()) {
        runtime_log().debug("{}: frame for node {} from node {} ignored", spec_.name, h.to, h.from);
        return;
    }
    // A cut link blocks messages that were already in flight when the partition began.
    if (down_.load(std::memory_order_relaxed) || cluster_.links.cut(h.from, h.to)) {
        cluster_.links.count_dropped(h.from, h.to);
        return;
    }
    if (holding()) {
        // Paused or slow with a full inbox (in messages or in bytes): as a full socket buffer.
        if (held_messages_ >= spec_.max_inbox || (held_bytes_ > 0 && held_bytes_ + body.size() > spec_.max_inbox_bytes)) {
            cluster_.links.count_dropped(h.from, h.to);
            return;
        }
        Held held;
        held.msg = Message{h.from, h.to, h.type, h.id, std::string(body)};
        held_.push_back(std::move(held));
        ++held_messages_;
        held_bytes_ += body.size();
        return;
    }
    inbox_.from = h.from;
    inbox_.to = h.to;
    inbox_.type = h.type;
    inbox_.id = h.id;
    inbox_.body.assign(body.data(), body.size());
    deliver(inbox_);
}

void NodeHost::on_lost_frame(const FrameHeader& h) {
    if (h.from < cluster_.size() && h.to < cluster_.size()) cluster_.links.count_dropped(h.from, h.to);
}

void NodeHost::deliver(const Message& msg, bool served) {
    const Nanos extra(slow_extra_ns_.load(std::memory_order_relaxed));
    if (!served && extra.count() > 0) {
        begin_service(msg, extra);
        return;
    }
    cluster_.links.count_delivered(msg.from, msg.to);
    run_node_code([&] { node_->on_message(*ctx_, msg); });
}

// ---- A slow node's busy time ---------------------------------------------------------------------

void NodeHost::begin_service(const Message& msg, Nanos extra) {
    serving_ = msg;  // reuses serving_'s body capacity
    in_service_ = true;
    const std::uint64_t seq = ++service_seq_;
    service_timer_.expires_after(extra);  // extra <= kMaxEmulatedTime: now + extra cannot overflow
    service_timer_.async_wait([this, seq, due = service_timer_.expiry()](const error_code& ec) {
        if (ec || seq != service_seq_) return;  // cancelled, or a wake-up from before a kill
        note_timer_fired(due);
        end_service();
    });
}

void NodeHost::end_service() {
    if (down_.load(std::memory_order_relaxed)) return;  // being killed: do_kill counts serving_ as dropped
    in_service_ = false;
    if (paused_.load(std::memory_order_relaxed)) {
        Held held;  // handled first on resume, without a second busy time
        held.msg = std::move(serving_);
        held.served = true;
        held_bytes_ += held.msg.body.size();
        held_.push_front(std::move(held));
        ++held_messages_;
        return;
    }
    deliver(serving_, true);
    drain_held();
}

void NodeHost::drain_held() {
    while (!held_.empty() && !in_service_ && !paused_.load(std::memory_order_relaxed) &&
           !down_.load(std::memory_order_relaxed)) {
        Held h = std::move(held_.front());
        held_.pop_front();
        if (h.kind == Held::Kind::Message) {
            --held_messages_;
            held_bytes_ -= h.msg.body.size();
        }
        switch (h.kind) {
            case Held::Kind::Message: deliver(h.msg, h.served); break;
            case Held::Kind::Timer: fire_timer(h.timer, h.tag); break;
            case Held::Kind::JobDone:
                if (h.incarnation == incarnation_.load()) run_node_code([&] { h.done(h.busy); });
                break;
            case Held::Kind::Post: run_node_code([&] { h.post(*node_, *ctx_); }); break;
        }
    }
}

// ---- Messages out --------------------------------------------------------------------------------

void NodeHost::send(NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body) {
    if (to >= cluster_.size()) {
        runtime_log().debug("{}: send to unknown node {} ignored", spec_.name, to);
        return;
    }
    if (!on_node_thread()) {  // e.g. from a job's compute: the transport belongs to the node's thread
        asio::post(io_, [this, to, type, id, b = std::move(body)]() mutable { send(to, type, id, std::move(b)); });
        return;
    }
    const Delivery d = cluster_.links.decide(index_, to, transport_random_);
    for (int copy = 0; copy < d.copies; ++copy) {
        if (d.delay[copy].count() > 0) send_later(to, type, id, body, d.delay[copy]);
        else link(to).send(type, id, body);
    }
}

void NodeHost::send_later(NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body, Nanos delay) {
    struct Delayed {
        Timer timer;         ///< fires when the copy may leave
        std::string body;    ///< the message body
    };
    auto d = std::make_shared<Delayed>(Delayed{Timer(io_, delay), std::move(body)});
    d->timer.async_wait([this, d, to, type, id](const error_code& ec) {
        if (ec) return;
        note_timer_fired(d->timer.expiry());
        link(to).send(type, id, d->body);
    });
}

OutboundLink& NodeHost::link(NodeIndex to) {
    std::unique_ptr<OutboundLink>& l = links_[to];
    if (!l) l = std::make_unique<OutboundLink>(io_, cluster_.links, index_, to, cluster_.ports.at(to));
    return *l;
}

// ---- Timers --------------------------------------------------------------------------------------

TimerId NodeHost::set_timer(Nanos after, std::uint64_t tag) {
    const TimerId id = next_timer_++;
    std::unique_ptr<Timer> timer;
    if (spare_timers_.empty()) {
        timer = std::make_unique<Timer>(io_);
    } else {
        timer = std::move(spare_timers_.back());
        spare_timers_.pop_back();
    }
    timer->expires_after(after);
    timer->async_wait([this, id, tag, due = timer->expiry()](const error_code& ec) {
        if (ec) return;
        note_timer_fired(due);
        on_timer_due(id, tag);
    });
    timers_.emplace(id, std::move(timer));
    return id;
}

void NodeHost::cancel_timer(TimerId id) {
    const auto it = timers_.find(id);
    if (it == timers_.end()) return;
    it->second->cancel();
    if (spare_timers_.size() < kSpareTimers) spare_timers_.push_back(std::move(it->second));
    timers_.erase(it);
}

void NodeHost::note_timer_fired(Timer::time_point due) {
    meter_.timer_fired(std::chrono::duration_cast<Nanos>(Timer::clock_type::now() - due));
}

void NodeHost::on_timer_due(TimerId id, std::uint64_t tag) {
    if (down_.load(std::memory_order_relaxed) || !timers_.count(id)) return;  // dead node or cancelled
    if (holding()) {
        Held held;  // the timer stays registered, so cancel_timer still stops it while held
        held.kind = Held::Kind::Timer;
        held.timer = id;
        held.tag = tag;
        held_.push_back(std::move(held));
        return;
    }
    fire_timer(id, tag);
}

void NodeHost::fire_timer(TimerId id, std::uint64_t tag) {
    const auto it = timers_.find(id);
    if (it == timers_.end()) return;  // cancelled while held
    if (spare_timers_.size() < kSpareTimers) spare_timers_.push_back(std::move(it->second));
    timers_.erase(it);
    run_node_code([&] { node_->on_timer(*ctx_, tag); });
}

// ---- Jobs ----------------------------------------------------------------------------------------

void NodeHost::execute(Job job) { pool_.submit(std::move(job), incarnation_.load()); }

void NodeHost::on_job_done(std::uint64_t incarnation, std::function<void(Nanos)> done, Nanos busy) {
    if (incarnation != incarnation_.load() || down_.load(std::memory_order_relaxed)) return;  // a dead instance's job
    if (holding()) {
        Held held;
        held.kind = Held::Kind::JobDone;
        held.done = std::move(done);
        held.busy = busy;
        held.incarnation = incarnation;
        held_.push_back(std::move(held));
        return;
    }
    run_node_code([&] { done(busy); });
}

// ---- Code posted from outside --------------------------------------------------------------------

void NodeHost::post(std::function<void(Node&, Context&)> fn) {
    if (!running_.load() || !fn) return;
    asio::post(io_, [this, f = std::move(fn)]() mutable { on_post(f); });
}

void NodeHost::on_post(std::function<void(Node&, Context&)>& fn) {
    if (down_.load(std::memory_order_relaxed) || !node_) return;  // dropped: fn dies with the handler
    if (holding()) {
        Held held;
        held.kind = Held::Kind::Post;
        held.post = std::move(fn);
        held_.push_back(std::move(held));
        return;
    }
    run_node_code([&] { fn(*node_, *ctx_); });
}

}  // namespace archlab::live
