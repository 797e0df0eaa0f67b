#pragma once
// Argument helpers shared by the command handlers: integers as Redis reads them, case-folding,
// memory sizes ("100mb"), and the reply texts for bad arguments.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace archlab::resp {

inline constexpr const char* kNotInteger = "ERR value is not an integer or out of range";
inline constexpr const char* kSyntaxError = "ERR syntax error";

/// ASCII lower case.
std::string lower(std::string_view text);
/// Case-insensitive ASCII equality.
bool equals_ci(std::string_view a, std::string_view b);
/// A strict signed 64-bit decimal as Redis' string2ll: optional '-', no '+', spaces or
/// leading zeros; nullopt otherwise or on overflow.
std::optional<std::int64_t> parse_int64(std::string_view text);
/// A memory size as redis.conf writes it: "1024", "100b", "1k" (1000), "1kb" (1024), "5m",
/// "5mb", "2g", "2gb", case-insensitive; nullopt when malformed or overflowing.
std::optional<std::uint64_t> parse_memory(std::string_view text);
/// Bytes the way INFO's *_human fields write them: "1.50M".
std::string human_bytes(std::uint64_t bytes);
/// Glob match as CONFIG GET uses (*, ?, [abc], [a-z], [^a], \x), case-insensitive.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace archlab::resp
