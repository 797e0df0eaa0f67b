#pragma once
// Operation histories as Jepsen, Knossos, Elle and Porcupine record them: one line per event,
// an invocation and later its completion (:ok, :fail or :info) by the same process.
//   :ok    the operation happened, with the value recorded
//   :fail  the operation did not happen
//   :info  unknown: it may or may not have happened, at any time after its invocation
// An invocation that never completes counts as :info.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace archlab::consistency {

/// nil, an integer or a string.
using Value = std::variant<std::monostate, std::int64_t, std::string>;

/// What a history line records.
enum class OpType { invoke, ok, fail, info };

/// The operation: register read/write/cas, or key-value get/put/append.
enum class OpFunction { read, write, cas, get, put, append };

struct Operation {
    std::int64_t process = 0;            ///< client process id
    OpType type = OpType::invoke;
    OpFunction f = OpFunction::read;
    std::string key;                     ///< "" for a single register
    Value value;                         ///< read/get result, written/put/appended value, cas expected (from)
    Value cas_to;                        ///< cas only: the new value (to)
    std::optional<std::int64_t> time_ns; ///< when recorded, nanoseconds (Jepsen's :time); optional
    std::size_t line = 0;                ///< 1-based line in the source file; 0 when built in code
};

/// A history in file order.
struct History {
    std::string source;                  ///< file name (for messages)
    std::vector<Operation> ops;
};

const char* to_string(OpType type);
const char* to_string(OpFunction f);
/// "nil", "3", "\"abc\"" (EDN form).
std::string to_edn(const Value& value);
/// EDN map of one operation, Jepsen form, no newline:
/// {:process 0, :type :invoke, :f :cas, :key "x", :value [1 2], :time 123}
std::string to_edn(const Operation& op);

/// Writes one operation as an EDN map on its own line.
void write_edn(std::ostream& out, const Operation& op);

/// Reads a history file; the format (EDN maps or jepsen.util log lines) is detected per file.
/// Throws InputError "FILE:LINE:COL: what was expected" on bad input or an unreadable file.
History read_history_file(const std::filesystem::path& path);
/// The same on text in memory; source_name stands for the file name in messages.
History parse_history(std::string_view text, std::string_view source_name);

}  // namespace archlab::consistency
