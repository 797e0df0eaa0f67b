// Fuzz target: the RESP request parser (core/resp/resp_parser) on bytes as a client sends them.
// Properties, each under the default limits and under small ones:
//  - the parser only ever holds bytes it was fed: consumed + buffered == fed, at every step;
//  - fed in one piece or in pieces split anywhere, it yields the same commands and the same end
//    (need more, or the same protocol error);
//  - every command respects the limits (a bulk string max_bulk_bytes, an inline word the inline
//    line's bound), and re-encoded canonically it parses back to itself,
//    consuming exactly the encoding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/resp/resp_parser.h"
#include "tests/fuzz/support/fuzz_check.h"
#include "tests/fuzz/support/resp_reply.h"

using archlab::resp::RespLimits;
using archlab::resp::RespParser;
using namespace archlab::fuzz;

namespace {

struct Outcome {
    std::vector<std::vector<std::string>> commands;  ///< in order
    RespParser::Status end = RespParser::Status::need_more;
    std::string error;  ///< when end is error
};

std::string describe(const std::vector<std::string>& args) {
    std::string s;
    for (const std::string& a : args) {
        s += '[';
        s.append(a, 0, 40);
        s += ']';
    }
    return s;
}

/// Feeds `bytes` in pieces ending at `cuts` (ascending offsets), taking commands after each piece.
Outcome parse(std::string_view bytes, const std::vector<std::size_t>& cuts, const RespLimits& limits) {
    Outcome o;
    RespParser parser(limits);
    std::size_t fed = 0;
    std::size_t consumed = 0;  // bytes taken out as commands or skipped, as far as buffered() tells
    std::size_t command_start = 0;  // where the bytes of the next command (or skipped empty ones) start
    std::vector<std::string> args;
    std::size_t from = 0;
    for (std::size_t k = 0; k <= cuts.size(); ++k) {
        const std::size_t to = k < cuts.size() ? cuts[k] : bytes.size();
        // A heap copy of exactly this piece: the sanitizer sees any read past it.
        const auto piece = std::make_unique<char[]>(to - from + 1);
        std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(from), bytes.begin() + static_cast<std::ptrdiff_t>(to),
                  piece.get());
        parser.feed(std::string_view(piece.get(), to - from));
        fed += to - from;
        from = to;
        while (true) {
            const RespParser::Status s = parser.next(args);
            FUZZ_CHECK(parser.buffered() <= fed - consumed,
                       "buffered " + std::to_string(parser.buffered()) + " of " + std::to_string(fed - consumed));
            consumed = fed - parser.buffered();
            if (s == RespParser::Status::command) {
                FUZZ_CHECK(!args.empty(), std::string("an empty command was returned"));
                // A multibulk command is bounded by max_array_items and max_bulk_bytes, an inline
                // one by its line's bound (an empty command skipped before it leaves the kind open).
                const std::string_view frame = bytes.substr(command_start);
                const bool multibulk = frame.substr(0, 1) == "*" && frame.substr(0, 2) != "*0" && frame.substr(0, 2) != "*-";
                const std::size_t max_items = multibulk ? limits.max_array_items
                                                        : std::max(limits.max_array_items, limits.max_inline_bytes);
                const std::size_t max_arg = multibulk ? limits.max_bulk_bytes
                                                      : std::max(limits.max_bulk_bytes, limits.max_inline_bytes);
                FUZZ_CHECK(args.size() <= max_items, describe(args));
                for (const std::string& a : args) FUZZ_CHECK(a.size() <= max_arg, describe(args));
                o.commands.push_back(args);
                command_start = consumed;
                continue;
            }
            o.end = s;
            if (s == RespParser::Status::error) {
                o.error = parser.error();
                FUZZ_CHECK(!o.error.empty(), std::string("error status without a message"));
                FUZZ_CHECK(parser.next(args) == RespParser::Status::error, std::string("the error did not stick"));
                return o;
            }
            break;
        }
    }
    return o;
}

void check(std::string_view bytes, const RespLimits& limits, std::uint64_t seed) {
    const Outcome whole = parse(bytes, {}, limits);
    // Up to 8 cut points anywhere, from the input's own hash.
    std::vector<std::size_t> cuts;
    if (!bytes.empty()) {
        for (int i = 0; i < 8; ++i) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            cuts.push_back(static_cast<std::size_t>(seed >> 33) % (bytes.size() + 1));
        }
        std::sort(cuts.begin(), cuts.end());
    }
    const Outcome split = parse(bytes, cuts, limits);
    FUZZ_CHECK(whole.commands == split.commands,
               std::to_string(whole.commands.size()) + " commands whole, " + std::to_string(split.commands.size()) +
                   " split");
    FUZZ_CHECK(whole.end == split.end && whole.error == split.error,
               "whole: '" + whole.error + "', split: '" + split.error + "'");

    for (const auto& args : whole.commands) {
        const std::string encoded = encode_command(args);
        RespParser again;  // default limits: a long inline word is a bulk string now
        again.feed(encoded);
        std::vector<std::string> back;
        FUZZ_CHECK(again.next(back) == RespParser::Status::command, describe(args) + ": " + again.error());
        FUZZ_CHECK(back == args, describe(args) + " came back as " + describe(back));
        FUZZ_CHECK(again.buffered() == 0, describe(args) + " left bytes over");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::uint64_t seed = input_hash(bytes);
    check(bytes, RespLimits{}, seed);
    RespLimits small;
    small.max_bulk_bytes = 16;
    small.max_array_items = 4;
    small.max_inline_bytes = 32;
    check(bytes, small, seed);
    return 0;
}
