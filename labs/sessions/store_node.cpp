#include "labs/sessions/store_node.h"

#include <charconv>
#include <vector>

#include "core/cache/policy_registry.h"
#include "core/resp/resp_parser.h"
#include "core/resp/resp_writer.h"

namespace archlab::sessions {

SessionStorePtr make_session_store(std::function<Nanos()> clock) {
    return std::make_shared<resp::SharedCacheStore>(cache::builtin_policies(), "lru", std::uint64_t{256} << 20,
                                                    cache::CapacityUnit::bytes, std::move(clock));
}

std::string resp_command(std::initializer_list<std::string_view> words) {
    std::string out;
    resp::RespWriter w(out);
    w.array(words.size());
    for (std::string_view word : words) w.bulk(word);
    return out;
}

StoreAnswer read_store_reply(std::string_view reply) {
    StoreAnswer a;
    if (reply.size() < 3 || reply.substr(reply.size() - 2) != "\r\n") return a;
    if (reply[0] == '+') {
        a.kind = StoreAnswer::Kind::ok;
        a.value = std::string(reply.substr(1, reply.size() - 3));
    } else if (reply == "$-1\r\n") {
        a.kind = StoreAnswer::Kind::missing;
    } else if (reply[0] == '$') {
        const std::size_t eol = reply.find("\r\n");
        std::size_t len = 0;
        const auto [end, ec] = std::from_chars(reply.data() + 1, reply.data() + eol, len);
        if (ec != std::errc() || end != reply.data() + eol || eol + 2 + len + 2 != reply.size()) return a;
        a.kind = StoreAnswer::Kind::ok;
        a.value = std::string(reply.substr(eol + 2, len));
    } else if (reply[0] == '-') {
        a.value = std::string(reply.substr(1, reply.size() - 3));
    }
    return a;
}

void StoreNode::start(Context&) {
    // A (re)started cache process holds nothing.
    store_->locked([](cache::CacheStore& s, Nanos) { s.flush(); });
}

void StoreNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type != kStoreCommand) return;
    resp::RespParser parser;
    parser.feed(msg.body);
    std::vector<std::string> args;
    std::string reply;
    resp::RespWriter out(reply);
    if (parser.next(args) != resp::RespParser::Status::command) {
        out.error("ERR " + (parser.error().empty() ? std::string("incomplete command") : parser.error()));
    } else {
        resp::ClientState client;  // per connection on a real server; commands here share none
        executor_.execute(args, client, out);
    }
    ctx.send(msg.from, kStoreReply, msg.id, reply);
}

}  // namespace archlab::sessions
