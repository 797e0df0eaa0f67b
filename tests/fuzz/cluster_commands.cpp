// Fuzz target: a Redis Cluster shard (core/cluster: ShardCommands, route_command, the CLUSTER
// replies) behind the RESP parser, as a cluster door runs it: bytes -> commands -> the
// connection's answer or the keyspace's reply, on a three-shard map whose shape comes from the
// input: this node and the kind of change from its hash, the slots that move (or go unserved)
// from the keys of its first two commands. Part-way through the input a migration may finish,
// as the lab's move-slots does.
// Properties:
//  - every command gets exactly one reply, and it is a whole, well-formed RESP2 reply;
//  - an error reply starts with an upper-case error code ("ERR", "MOVED", "CROSSSLOT" ...);
//  - a redirect is right: "-MOVED <slot> <ip>:<port>" names the slot of the command's keys and
//    its owner, which is not this node; "-ASK" names the receiver of a slot migrating away from
//    this node; neither comes for a command without keys;
//  - a keyed command this node answers without a redirect or CLUSTERDOWN/CROSSSLOT/TRYAGAIN is
//    one whose slot this node serves, or imports after ASKING;
//  - nothing after QUIT runs.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cluster/cluster_map.h"
#include "core/cluster/cluster_routing.h"
#include "core/cluster/memory_keyspace.h"
#include "core/cluster/shard_commands.h"
#include "core/partition/hash_slot.h"
#include "core/resp/client_session.h"
#include "core/resp/command_args.h"
#include "core/resp/resp_parser.h"
#include "tests/fuzz/support/fuzz_check.h"
#include "tests/fuzz/support/resp_reply.h"

using namespace archlab;
using namespace archlab::cluster;
using namespace archlab::fuzz;

namespace {

/// Unix time of the keyspace's clock at the start: fixed, so a replay is repeatable.
constexpr std::int64_t kUnixStartMs = 1'700'000'000'000;



/// A redirect's target: "-MOVED 3999 127.0.0.1:7002\r\n" -> slot 3999, port 7002.
struct Redirect {
    std::uint32_t slot = 0;
    std::uint16_t port = 0;
};

std::optional<Redirect> parse_redirect(std::string_view reply, std::string_view code) {
    std::string_view rest = reply.substr(1);
    if (rest.substr(0, code.size() + 1) != std::string(code) + " ") return std::nullopt;
    rest.remove_prefix(code.size() + 1);
    if (rest.size() < 2 || rest.substr(rest.size() - 2) != "\r\n") return std::nullopt;
    rest.remove_suffix(2);
    const auto space = rest.find(' ');
    const auto colon = rest.rfind(':');
    if (space == std::string_view::npos || colon == std::string_view::npos || colon < space) return std::nullopt;
    Redirect r;
    const auto slot_text = rest.substr(0, space);
    const auto port_text = rest.substr(colon + 1);
    if (std::from_chars(slot_text.data(), slot_text.data() + slot_text.size(), r.slot).ptr !=
            slot_text.data() + slot_text.size() ||
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), r.port).ptr !=
            port_text.data() + port_text.size() ||
        rest.substr(space + 1, colon - space - 1) != "127.0.0.1") {
        return std::nullopt;
    }
    return r;
}

std::optional<std::size_t> shard_on_port(const ClusterMap& map, std::uint16_t port) {
    for (std::size_t i = 0; i < map.shards().size(); ++i) {
        if (map.shards()[i].port == port) return i;
    }
    return std::nullopt;
}

/// The slots of the first two commands' first arguments (their keys, mostly): the slots worth
/// moving, since a migration only shows when the input's keys hash into it. A slot from the
/// hash stands in for a command that is not there.
std::pair<std::uint32_t, std::uint32_t> slots_to_move(std::string_view bytes, std::uint64_t h) {
    std::uint32_t slots[2] = {static_cast<std::uint32_t>((h >> 16) % kSlots),
                              static_cast<std::uint32_t>((h >> 30) % kSlots)};
    resp::RespParser parser;
    parser.feed(bytes);
    std::vector<std::string> args;
    for (std::uint32_t& slot : slots) {
        if (parser.next(args) != resp::RespParser::Status::command) break;
        if (args.size() > 1) slot = partition::hash_slot(args[1]);
    }
    return {slots[0], slots[1]};
}

/// The map: three shards laid out as redis-cli does, then changed as the hash says.
ClusterMap make_map(std::uint64_t h, std::uint32_t slot_a, std::uint32_t slot_b) {
    ClusterMap map;
    map.add_shard("shard-1", 7001);
    map.add_shard("shard-2", 7002);
    map.add_shard("shard-3", 7003);
    map.assign_evenly();
    const auto move_away = [&map](std::uint32_t slot, std::uint64_t pick) {
        const std::size_t owner = *map.owner(slot);
        map.begin_migration(slot, (owner + 1 + pick % 2) % 3);
    };
    switch ((h >> 2) & 3) {
    case 0: break;                                      // stable
    case 1: move_away(slot_a, h >> 44); break;          // one slot moving
    case 2:                                             // two slots moving
        move_away(slot_a, h >> 44);
        if (slot_b != slot_a) move_away(slot_b, h >> 45);
        break;
    case 3: map.unassign(slot_a, slot_a); break;        // a slot nobody serves: the cluster is down
    }
    return map;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::uint64_t h = input_hash(bytes);
    const auto [slot_a, slot_b] = slots_to_move(bytes, h);
    ClusterMap map = make_map(h, slot_a, slot_b);
    const std::size_t self = (h >> 4) % 3;
    const std::size_t finish_after = (h >> 50) % 16;  // commands before the first migration finishes
    std::int64_t now_ms = kUnixStartMs;
    MemoryShardKeyspace keyspace([&now_ms] { return now_ms; });
    static const ShardCommands commands;
    resp::ClientSession session;
    session.id = 1;

    resp::RespParser parser;
    parser.feed(bytes);
    std::vector<std::string> args;
    std::size_t count = 0;
    while (parser.next(args) == resp::RespParser::Status::command) {
        const bool asking = session.asking;
        const std::string text = command_text(args);
        const std::vector<std::string> sent = args;  // answer_or_forward moves them
        std::string reply;
        ShardRequest request;
        if (!commands.answer_or_forward(args, session, reply, request)) {
            reply = commands.run(request, keyspace, map, self);
        }
        const auto length = resp_reply_length(reply);
        FUZZ_CHECK(length.has_value() && *length == reply.size(), text + " -> " + reply.substr(0, 200));

        const ShardCommandSpec* spec = commands.find(sent[0]);
        const auto keys = spec != nullptr && resp::arity_fits(spec->arity, sent.size())
                              ? key_positions(sent.size(), KeySpec{spec->first_key, spec->last_key, spec->key_step})
                              : std::vector<std::size_t>{};
        const bool keyed = !keys.empty() && !spec->on_connection;
        if (reply[0] == '-') {
            FUZZ_CHECK(has_error_code(reply), text + " -> " + reply.substr(0, 200));
            const auto moved = parse_redirect(reply, "MOVED");
            const auto ask = parse_redirect(reply, "ASK");
            const bool redirect = reply.starts_with("-MOVED") || reply.starts_with("-ASK");
            FUZZ_CHECK(!redirect || (keyed && (moved || ask)), text + " -> " + reply);
            if (moved || ask) {
                const std::uint32_t slot = partition::hash_slot(sent[keys.front()]);
                const auto target = shard_on_port(map, moved ? moved->port : ask->port);
                FUZZ_CHECK((moved ? moved->slot : ask->slot) == slot && target.has_value() && *target != self,
                           text + " -> " + reply + " (self " + std::to_string(self) + ")");
                if (moved) {
                    FUZZ_CHECK(map.owner(slot) == target, text + " -> " + reply + ": not the slot's owner");
                } else {
                    const SlotMigration* m = map.migration(slot);
                    FUZZ_CHECK(m != nullptr && m->from == self && m->to == *target,
                               text + " -> " + reply + ": not a migration away from this node");
                }
            }
        }
        const bool routed_away = reply.starts_with("-MOVED") || reply.starts_with("-ASK") ||
                                 reply.starts_with("-CLUSTERDOWN") || reply.starts_with("-CROSSSLOT") ||
                                 reply.starts_with("-TRYAGAIN");
        if (keyed && !routed_away) {
            const std::uint32_t slot = partition::hash_slot(sent[keys.front()]);
            const SlotMigration* m = map.migration(slot);
            const bool imports = m != nullptr && m->to == self && asking;
            FUZZ_CHECK(map.owner(slot) == self || imports,
                       text + " -> " + reply.substr(0, 200) + ": served a slot this node does not serve");
        }
        if (session.close_after_reply) break;

        // Time moves on by 0 to 2.5 s between commands, so keys set with PX/EX expire.
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
        now_ms += static_cast<std::int64_t>((h >> 33) % 2'500);
        if (++count == finish_after) {
            const auto moving = map.migrations();
            if (!moving.empty()) map.finish_migration(moving.front().slot);
        }
    }
    return 0;
}
