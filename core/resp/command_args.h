#pragma once
// Argument helpers shared by the command handlers: integers as Redis reads them, case-folding,
// memory sizes ("100mb"), and the reply texts for bad arguments.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archlab::resp {

inline constexpr const char* kNotInteger = "ERR value is not an integer or out of range";
inline constexpr const char* kSyntaxError = "ERR syntax error";
inline constexpr const char* kOom = "OOM command not allowed when used memory > 'maxmemory'.";
inline constexpr const char* kNotFloat = "ERR value is not a valid float";

/// Redis' reply to an unknown command: "ERR unknown command 'foo', with args beginning with:
/// 'a' 'b' " (the name as typed, then up to 128 characters of quoted arguments).
std::string unknown_command_error(const std::vector<std::string>& args);
/// "ERR wrong number of arguments for 'get' command" (name: lower case, "config|get" for a subcommand).
std::string wrong_arity_error(std::string_view name);
/// Whether `words` words (the name included) fit Redis' arity: n = exactly n, -n = at least n.
bool arity_fits(int arity, std::size_t words);

/// A subcommand and its arity (Redis' convention, the command's name included).
struct Subcommand {
    const char* name;  ///< lower case: "get"
    int arity;
};
/// Checks args[1] against a command's subcommands: Redis' error text when it is unknown
/// ("ERR unknown subcommand 'foo'. Try CONFIG HELP.") or has the wrong number of words
/// ("ERR wrong number of arguments for 'config|get' command"); empty when it is fine.
std::string subcommand_error(const std::vector<std::string>& args, std::string_view command,
                             std::initializer_list<Subcommand> known);

/// ASCII lower case.
std::string lower(std::string_view text);
/// Case-insensitive ASCII equality.
bool equals_ci(std::string_view a, std::string_view b);
/// A strict signed 64-bit decimal as Redis' string2ll: optional '-', no '+', spaces or
/// leading zeros; nullopt otherwise or on overflow.
std::optional<std::int64_t> parse_int64(std::string_view text);
/// A long double as Redis' string2ld reads it (strtold: decimal, exponent, hex, "inf"): no
/// leading space, nothing after the number, no NaN, no overflow or underflow to zero.
std::optional<long double> parse_long_double(std::string_view text);
/// A long double the way INCRBYFLOAT writes it (Redis' ld2string, human mode): 17 decimals,
/// trailing zeros and a trailing '.' dropped, "-0" as "0": 10.5 -> "10.5", 3.0e3 -> "3000".
std::string format_long_double(long double value);
/// SCAN's cursor: an unsigned 64-bit decimal as strtoull reads it ("-1" wraps); nullopt when
/// malformed or out of range.
std::optional<std::uint64_t> parse_cursor(std::string_view text);
/// A memory size as redis.conf writes it: "1024", "100b", "1k" (1000), "1kb" (1024), "5m",
/// "5mb", "2g", "2gb", case-insensitive; nullopt when malformed or overflowing.
std::optional<std::uint64_t> parse_memory(std::string_view text);
/// Bytes the way INFO's *_human fields write them: "1.50M".
std::string human_bytes(std::uint64_t bytes);
/// Glob match with Redis' stringmatchlen rules (glob_match.cpp): * ? [abc] [^a] [a-z] \\x; an
/// unclosed [ ends the pattern. CONFIG GET ignores case, KEYS and SCAN MATCH do not.
bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case = true);

}  // namespace archlab::resp
