#pragma once
// The broker's Redis side, independent of any transport: a command's words in, RESP reply bytes
// out, over the broker's own topics (TopicStore) and pub/sub registry. The Redis Streams subset
// (XADD, XLEN, XRANGE, XGROUP CREATE, XREADGROUP, XACK, XPENDING) and PUBLISH / SUBSCRIBE /
// PSUBSCRIBE / UNSUBSCRIBE / PUNSUBSCRIBE / PING / QUIT, with redis-server 7.0's reply shapes and
// error texts. The broker node owns one and runs it on its own thread (a RESP server posts each
// command into the node); pushes to subscribed connections go out through the PushFn.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/broker/pubsub_registry.h"
#include "core/broker/topic_store.h"
#include "core/resp/resp_writer.h"

namespace archlab::broker {

/// One RESP connection as the executor sees it.
struct RespSession {
    std::uint64_t id = 0;             ///< connection id (pushes are addressed by it)
    bool close_after_reply = false;   ///< QUIT was sent
};

/// The broker's clock as commands read it.
struct CommandClock {
    std::int64_t now_ns = 0;   ///< broker clock (pending entries' delivery times), ns
    std::uint64_t unix_ms = 0; ///< wall time for ids XADD picks ("*"), Unix ms
};

/// An XREADGROUP ... BLOCK that found nothing: the caller keeps it and calls retry() when an
/// entry is added, and answers "*-1" (null array) once deadline_ns passes.
struct BlockedRead {
    std::vector<std::string> args;  ///< the command without BLOCK, to run again
    std::int64_t deadline_ns = 0;   ///< broker clock; 0: waits for ever (BLOCK 0)
};

class BrokerCommands {
public:
    BrokerCommands(TopicStore& topics, PubSubRegistry& pubsub, PushFn push);

    /// Runs args (non-empty) and appends its reply (or replies: SUBSCRIBE a b gives two) to out.
    /// Returns a BlockedRead instead of a reply when XREADGROUP ... BLOCK has nothing to return.
    std::optional<BlockedRead> execute(const std::vector<std::string>& args, RespSession& session, CommandClock clock,
                                       std::string& out);
    /// Runs a blocked read again: true (reply appended) when it now has entries.
    bool retry(const BlockedRead& read, RespSession& session, CommandClock clock, std::string& out);
    /// Publishes to pub/sub subscribers (PUBLISH, and the cluster's own events): receivers.
    std::size_t publish(std::string_view channel, std::string_view message);

    /// A connection closed: its subscriptions go.
    void forget(std::uint64_t connection) { pubsub_.drop(connection); }

    TopicStore& topics() { return topics_; }

    /// What a command handler gets.
    struct Call {
        BrokerCommands& self;
        const std::vector<std::string>& args;  ///< args[0] is the name as typed
        RespSession& session;
        CommandClock clock;
        resp::RespWriter& out;
        std::optional<BlockedRead>& blocked;   ///< set by XREADGROUP ... BLOCK when it has nothing
    };
    using Handler = void (*)(Call&);
    struct Spec {
        const char* name;  ///< lower case
        int arity;         ///< Redis' convention: n exactly, -n at least n words (name included)
        Handler run;
    };

    TopicStore& topics_;
    PubSubRegistry& pubsub_;
    PushFn push_;

private:
    std::vector<Spec> specs_;
};

// The parts of the command table (one file each).
void add_stream_commands(std::vector<BrokerCommands::Spec>& specs);        ///< XADD XLEN XRANGE XGROUP
void add_stream_group_commands(std::vector<BrokerCommands::Spec>& specs);  ///< XREADGROUP XACK XPENDING
void add_pubsub_commands(std::vector<BrokerCommands::Spec>& specs);        ///< PUBLISH SUBSCRIBE ... PING QUIT

/// Writes an entry as Redis does: [id, [field, value, ...]], or [id, nil] when trimmed.
void write_entry(resp::RespWriter& out, const ReadItem& item);

}  // namespace archlab::broker
