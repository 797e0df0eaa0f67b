#pragma once
// `archlab-cli check-history FILE`: is a recorded history linearizable?
// Exit code: 0 linearizable, 1 not linearizable, 3 unknown (the time budget ran out),
// 2 bad input (one line on stderr: FILE:LINE:COL: what), 4 the check itself failed.
#include <optional>
#include <string>

namespace archlab::cli {

struct CheckHistoryOptions {
    std::string file;                    ///< history: EDN maps or jepsen.util log lines
    std::string model = "kv";            ///< register or kv
    std::string timeout = "10s";         ///< time budget: 10s, 500ms, 1m
    std::optional<std::string> initial;  ///< every key's first value: nil, an integer or a string
};

int check_history(const CheckHistoryOptions& options);

}  // namespace archlab::cli
