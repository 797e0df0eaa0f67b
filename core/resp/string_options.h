#pragma once
// The options SET and GETEX take, read as Redis' parseExtendedStringArgumentsOrReply reads them:
// NX XX GET KEEPTTL PERSIST and one of EX PX EXAT PXAT with its number. The cache node's and the
// cluster shard's SET both read them here.
#include <cstddef>
#include <string>
#include <vector>

namespace archlab::resp {

/// The options SET and GETEX share, as Redis' parseExtendedStringArgumentsOrReply reads them.
struct StringOptions {
    bool nx = false, xx = false;  ///< SET only
    bool get = false;             ///< SET only: reply the old value
    bool keep_ttl = false;        ///< SET only
    bool persist = false;         ///< GETEX only
    std::string expiry;           ///< "ex", "px", "exat" or "pxat"; empty = none
    const std::string* expiry_arg = nullptr;
};

/// Reads args[from..]; false on a syntax error. The same expiry option twice: the last counts.
bool parse_string_options(const std::vector<std::string>& args, std::size_t from, bool is_set, StringOptions& o);

}  // namespace archlab::resp
