// Fuzz target: the RESP command executor (core/resp/command_executor and commands_*) behind the
// parser, as a connection runs them: bytes -> commands -> replies, on a small store whose policy,
// unit and clock steps come from the input's hash.
// Properties:
//  - every command gets exactly one reply, and it is a whole, well-formed RESP2 reply;
//  - an error reply starts with an upper-case error code ("ERR", "WRONGTYPE" ...);
//  - the server's error counter counts exactly the error replies, the command counter at most
//    the commands;
//  - nothing after QUIT runs; a protocol error ends the input the way the server ends it.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/cache/policy_registry.h"
#include "core/resp/command_executor.h"
#include "core/resp/resp_parser.h"
#include "tests/fuzz/support/fuzz_check.h"
#include "tests/fuzz/support/resp_reply.h"

using namespace archlab;
using namespace archlab::resp;
using namespace archlab::fuzz;

namespace {

/// Unix time of store-clock zero: fixed, so a replay is repeatable.
constexpr std::int64_t kUnixAtZeroMs = 1'700'000'000'000;



}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::uint64_t h = input_hash(bytes);
    const auto& registry = cache::builtin_policies();
    const std::vector<std::string> policies = registry.names();
    const std::string& policy = policies[h % policies.size()];
    const bool by_bytes = (h >> 8) & 1;
    Nanos now{0};
    SharedCacheStore store(registry, policy, by_bytes ? 4096 : 64,
                           by_bytes ? cache::CapacityUnit::bytes : cache::CapacityUnit::entries, [&now] { return now; });
    store.set_unix_ms_at_zero(kUnixAtZeroMs);
    if (((h >> 9) & 31) == 0) store.set_available(false);  // now and then, the node is down
    ServerCounters counters;
    const CommandExecutor executor(store, counters);
    ClientState client;
    client.id = 1;

    RespParser parser;
    parser.feed(bytes);
    std::vector<std::string> args;
    std::string replies;
    RespWriter out(replies);
    std::uint64_t commands = 0, error_replies = 0;
    while (parser.next(args) == RespParser::Status::command) {
        const std::size_t before = replies.size();
        executor.execute(args, client, out);
        ++commands;
        const std::string_view reply = std::string_view(replies).substr(before);
        const auto length = resp_reply_length(reply);
        FUZZ_CHECK(length.has_value() && *length == reply.size(),
                   command_text(args) + " -> " + std::string(reply.substr(0, 200)));
        if (reply[0] == '-') {
            ++error_replies;
            FUZZ_CHECK(has_error_code(reply), command_text(args) + " -> " + std::string(reply.substr(0, 200)));
        }
        FUZZ_CHECK(counters.total_error_replies.load() == error_replies,
                   command_text(args) + ": error replies counted " +
                       std::to_string(counters.total_error_replies.load()) + ", seen " + std::to_string(error_replies));
        FUZZ_CHECK(counters.total_commands.load() <= commands, command_text(args));
        if (client.close_after_reply) break;
        // Time moves on between commands by 0 to 2.5 s, so keys expire while the input runs.
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
        now += std::chrono::microseconds((h >> 33) % 2'500'000);
        // Bound the work per input: the replies of a long input are checked as they come.
        if (replies.size() > (1u << 20)) replies.clear();
    }
    return 0;
}
