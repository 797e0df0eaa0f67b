#include "app/cli/check_history_command.h"

#include <charconv>
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "core/consistency/checker.h"
#include "core/consistency/history.h"
#include "core/lab/fault_event.h"
#include "core/lab/printable_text.h"
#include "core/lab/settings.h"

namespace archlab::cli {

namespace {

using namespace archlab::consistency;

/// --initial: nil, an integer, or a string (quotes optional).
Value parse_initial(const std::string& text) {
    if (text == "nil") return {};
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) return n;
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return text.substr(1, text.size() - 2);
    return text;
}

/// The file's own text of the given lines (1-based), so the window shows what the file says.
std::map<std::size_t, std::string> lines_of(const std::string& path, const std::vector<Operation>& ops) {
    std::map<std::size_t, std::string> wanted;
    for (const Operation& op : ops) wanted[op.line];
    std::ifstream in(path);
    std::string text;
    for (std::size_t n = 1; std::getline(in, text) && n <= wanted.rbegin()->first; ++n) {
        if (const auto it = wanted.find(n); it != wanted.end()) {
            while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
            it->second = text;
        }
    }
    return wanted;
}

int run(const CheckHistoryOptions& o) {
    CheckOptions options;
    options.model = parse_model(o.model);
    const auto budget = parse_duration(o.timeout, "--timeout");
    if (budget.count() <= 0) throw InputError(fmt::format("--timeout must be above 0, got '{}'", o.timeout));
    options.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(budget);
    if (options.timeout.count() == 0) options.timeout = std::chrono::milliseconds(1);
    if (o.initial) options.initial = parse_initial(*o.initial);

    const History history = read_history_file(o.file);
    const CheckResult r = check(history, options);
    std::cout << fmt::format("history {}: {} operations, {} keys, model {}\n", o.file, r.operations, r.keys,
                             to_string(options.model));
    std::cout << fmt::format("verdict: {} ({:.3f} s)\n", to_string(r.verdict), r.elapsed_s);
    if (!r.explanation.empty()) std::cout << "why: " << r.explanation << '\n';
    if (!r.window.empty()) {
        std::cout << "window:\n";
        const std::map<std::size_t, std::string> text = lines_of(o.file, r.window);
        for (const Operation& op : r.window) {
            const std::string& line = text.at(op.line);
            std::cout << fmt::format("  line {:>6}: {}\n", op.line, line.empty() ? to_edn(op) : line);
        }
    }
    switch (r.verdict) {
        case Verdict::linearizable: return 0;
        case Verdict::not_linearizable: return 1;
        case Verdict::unknown: return 3;
    }
    return 4;
}

}  // namespace

int check_history(const CheckHistoryOptions& options) {
    try {
        return run(options);
    } catch (const InputError& e) {
        std::cerr << printable_text(e.what()) << '\n';  // it quotes the file: one clean line whatever it holds
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "archlab-cli: check-history failed: " << printable_text(e.what()) << '\n';
        return 4;
    }
}

}  // namespace archlab::cli
