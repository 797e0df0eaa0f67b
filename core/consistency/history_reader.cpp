// Reading histories: EDN maps one per line, or jepsen.util log lines, detected per file.
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/consistency/edn_value.h"
#include "core/consistency/history.h"
#include "core/lab/settings.h"

namespace archlab::consistency {

namespace {

using edn::EdnValue;

constexpr std::string_view kLogMarker = "jepsen.util - ";

/// Where a line is, for messages.
struct LineRef {
    std::string_view source;
    std::size_t line = 0;
};

[[noreturn]] void fail_at(const LineRef& at, std::size_t column, const std::string& what) {
    throw InputError(fmt::format("{}:{}:{}: {}", at.source, at.line, column, what));
}

std::optional<OpType> op_type(std::string_view name) {
    if (name == "invoke") return OpType::invoke;
    if (name == "ok") return OpType::ok;
    if (name == "fail") return OpType::fail;
    if (name == "info") return OpType::info;
    return std::nullopt;
}

std::optional<OpFunction> op_function(std::string_view name) {
    if (name == "read") return OpFunction::read;
    if (name == "write") return OpFunction::write;
    if (name == "cas") return OpFunction::cas;
    if (name == "get") return OpFunction::get;
    if (name == "put") return OpFunction::put;
    if (name == "append") return OpFunction::append;
    return std::nullopt;
}

bool is_scalar(const EdnValue& v) {
    return v.kind == EdnValue::Kind::nil || v.kind == EdnValue::Kind::integer || v.kind == EdnValue::Kind::string;
}

Value to_value(const EdnValue& v) {
    if (v.kind == EdnValue::Kind::integer) return v.integer;
    if (v.kind == EdnValue::Kind::string) return v.text;
    return {};
}

/// Whether the line's value constrains the check: an invocation's argument, or what an :ok read returned.
bool value_matters(OpType type, OpFunction f) {
    const bool reads = f == OpFunction::read || f == OpFunction::get;
    if (type == OpType::invoke) return !reads;
    return type == OpType::ok && reads;
}

/// Fills key, value and cas_to from the :value form (and :key when given; else a Jepsen
/// independent tuple [key value] is accepted).
void set_value(Operation& op, const EdnValue* value, const EdnValue* key, const LineRef& at, std::size_t line_col) {
    static const EdnValue nil;
    const EdnValue* v = value != nullptr ? value : &nil;
    const std::size_t col = value != nullptr ? value->column : line_col;
    if (key != nullptr) {
        if (key->kind == EdnValue::Kind::string || key->kind == EdnValue::Kind::keyword) {
            op.key = key->text;
        } else if (key->kind == EdnValue::Kind::integer) {
            op.key = std::to_string(key->integer);
        } else if (key->kind != EdnValue::Kind::nil) {
            fail_at(at, key->column, fmt::format("expected :key to be a string or an integer, found {}", edn::kind_name(key->kind)));
        }
    } else if (v->kind == EdnValue::Kind::vector && v->items.size() == 2 &&
               (v->items[0].kind == EdnValue::Kind::integer || v->items[0].kind == EdnValue::Kind::string) &&
               (op.f != OpFunction::cas || v->items[1].kind == EdnValue::Kind::vector)) {
        const EdnValue& k = v->items[0];
        op.key = k.kind == EdnValue::Kind::string ? k.text : std::to_string(k.integer);
        v = &v->items[1];
    }
    const bool strict = value_matters(op.type, op.f);
    if (op.f == OpFunction::cas) {
        const bool pair = v->kind == EdnValue::Kind::vector && v->items.size() == 2 && is_scalar(v->items[0]) &&
                          is_scalar(v->items[1]);
        if (pair) {
            op.value = to_value(v->items[0]);
            op.cas_to = to_value(v->items[1]);
        } else if (strict) {
            fail_at(at, col, fmt::format("expected a cas value [from to] (nil, integers or strings), found {}",
                                         edn::kind_name(v->kind)));
        }
        return;
    }
    if (is_scalar(*v)) {
        op.value = to_value(*v);
    } else if (strict) {
        fail_at(at, col, fmt::format("expected a {} value: nil, an integer or a string, found {}", to_string(op.f),
                                     edn::kind_name(v->kind)));
    }
}

/// One EDN map line; nullopt for a nemesis (non-client) operation.
std::optional<Operation> op_from_map(const EdnValue& map, const LineRef& at) {
    if (map.kind != EdnValue::Kind::map) {
        fail_at(at, map.column, fmt::format("expected a map {{:process ..., :type ..., :f ...}}, found {}", edn::kind_name(map.kind)));
    }
    const EdnValue* process = map.find("process");
    const EdnValue* type = map.find("type");
    const EdnValue* f = map.find("f");
    if (process == nullptr) fail_at(at, map.column, "missing :process");
    if (process->kind == EdnValue::Kind::keyword) return std::nullopt;  // :nemesis and other non-clients
    if (process->kind != EdnValue::Kind::integer) {
        fail_at(at, process->column, fmt::format("expected :process to be an integer or :nemesis, found {}", edn::kind_name(process->kind)));
    }
    if (type == nullptr) fail_at(at, map.column, "missing :type (:invoke, :ok, :fail or :info)");
    if (f == nullptr) fail_at(at, map.column, "missing :f (:read, :write, :cas, :get, :put or :append)");
    Operation op;
    op.line = at.line;
    op.process = process->integer;
    const auto t = type->kind == EdnValue::Kind::keyword ? op_type(type->text) : std::nullopt;
    if (!t) fail_at(at, type->column, "expected :type to be :invoke, :ok, :fail or :info");
    op.type = *t;
    const auto fn = f->kind == EdnValue::Kind::keyword ? op_function(f->text) : std::nullopt;
    if (!fn) fail_at(at, f->column, "expected :f to be :read, :write, :cas, :get, :put or :append");
    op.f = *fn;
    set_value(op, map.find("value"), map.find("key"), at, map.column);
    if (const EdnValue* time = map.find("time"); time != nullptr && time->kind == EdnValue::Kind::integer) {
        op.time_ns = time->integer;
    }
    return op;
}

/// One jepsen.util log line: "INFO  jepsen.util - 3<TAB>:invoke<TAB>:cas<TAB>[1 4]", maybe
/// with an error after one more tab.
/// nullopt for a nemesis line or a log line that is not an operation.
std::optional<Operation> op_from_log_line(std::string_view line, std::size_t marker, const LineRef& at) {
    std::size_t pos = marker + kLogMarker.size();
    auto next_token = [&](std::size_t& col) {
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
        const std::size_t begin = pos;
        while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') ++pos;
        col = begin + 1;
        return line.substr(begin, pos - begin);
    };
    std::size_t process_col = 0;
    std::size_t type_col = 0;
    std::size_t f_col = 0;
    const std::string_view process = next_token(process_col);
    if (process == "nemesis" || process == ":nemesis") return std::nullopt;
    std::int64_t pid = 0;
    const auto [end, ec] = std::from_chars(process.data(), process.data() + process.size(), pid);
    if (process.empty() || ec != std::errc() || end != process.data() + process.size()) return std::nullopt;  // other log text
    const std::string_view type = next_token(type_col);
    const auto t = type.size() > 1 && type[0] == ':' ? op_type(type.substr(1)) : std::nullopt;
    if (!t) fail_at(at, type_col, fmt::format("expected :invoke, :ok, :fail or :info after the process, found '{}'", type));
    const std::string_view f = next_token(f_col);
    const auto fn = f.size() > 1 && f[0] == ':' ? op_function(f.substr(1)) : std::nullopt;
    if (!fn) fail_at(at, f_col, fmt::format("expected :read, :write, :cas, :get, :put or :append, found '{}'", f));
    Operation op;
    op.line = at.line;
    op.process = pid;
    op.type = *t;
    op.f = *fn;
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    if (pos < line.size()) {
        // Jepsen logs an error after the value, behind a tab: "... :info :cas [1 4]<TAB>timed out".
        const std::size_t tab = line.find('\t', pos);
        const std::string_view text = line.substr(pos, tab == std::string_view::npos ? std::string_view::npos : tab - pos);
        const EdnValue value = edn::parse_line(text, at.source, at.line, pos + 1);
        set_value(op, &value, nullptr, at, pos + 1);
    } else {
        set_value(op, nullptr, nullptr, at, pos + 1);
    }
    return op;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t,") == std::string_view::npos; }

}  // namespace

History parse_history(std::string_view text, std::string_view source_name) {
    History history;
    history.source = std::string(source_name);
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        lines.push_back(trim(text.substr(0, nl)));
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    }
    const auto content = [&](std::size_t i) {
        return !blank(lines[i]) && lines[i].find_first_not_of(" \t") != lines[i].find(';');
    };
    std::size_t first = 0;
    while (first < lines.size() && !content(first)) ++first;
    if (first == lines.size()) {
        fail_at(LineRef{source_name, 1}, 1, "no operations found (expected EDN maps or jepsen.util log lines)");
    }

    // The format, from the first line with content: EDN maps, one EDN vector or list of maps
    // (as Knossos keeps its histories), or jepsen.util log lines.
    enum class Format { edn, edn_vector, log } format = Format::edn;
    const std::size_t first_col = lines[first].find_first_not_of(" \t");
    const char opener = lines[first][first_col];
    std::size_t last = first;
    std::size_t last_col = 0;
    if (opener == '[' || opener == '(') {  // Knossos's data files use both a vector and a list
        format = Format::edn_vector;
        const char closer = opener == '[' ? ']' : ')';
        for (std::size_t i = first; i < lines.size(); ++i) last = content(i) ? i : last;
        last_col = lines[last].size() - 1;
        if (lines[last][last_col] != closer || (last == first && last_col == first_col)) {
            fail_at(LineRef{source_name, last + 1}, last_col + 1,
                    fmt::format("expected '{}' closing the {} opened at line {} column {}", closer,
                                opener == '[' ? "vector" : "list", first + 1, first_col + 1));
        }
    } else if (opener != '{' && opener != '#') {
        if (lines[first].find(kLogMarker) == std::string_view::npos) {
            fail_at(LineRef{source_name, first + 1}, first_col + 1,
                    "expected an EDN map ({:process 0, :type :invoke, :f :read, ...}) or a jepsen.util log line "
                    "(INFO jepsen.util - 0 :invoke :read nil)");
        }
        format = Format::log;
    }

    for (std::size_t i = first; i < lines.size(); ++i) {
        if (!content(i)) continue;
        const LineRef at{source_name, i + 1};
        if (format == Format::log) {
            const std::size_t marker = lines[i].find(kLogMarker);
            if (marker == std::string_view::npos) continue;  // other log output
            if (std::optional<Operation> op = op_from_log_line(lines[i], marker, at)) history.ops.push_back(std::move(*op));
            continue;
        }
        std::string line(lines[i]);
        if (format == Format::edn_vector) {  // the brackets become spaces, so columns stay the file's
            if (i == first) line[first_col] = ' ';
            if (i == last) line[last_col] = ' ';
        }
        for (const EdnValue& value : edn::parse_line_values(line, source_name, i + 1)) {
            if (std::optional<Operation> op = op_from_map(value, at)) history.ops.push_back(std::move(*op));
        }
    }
    if (history.ops.empty()) {
        fail_at(LineRef{source_name, first + 1}, 1, "no operations found (expected EDN maps or jepsen.util log lines)");
    }
    return history;
}

History read_history_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot open the history file", path.string()));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_history(buffer.str(), path.string());
}

}  // namespace archlab::consistency
