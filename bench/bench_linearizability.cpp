// Linearizability checker benchmark: how the search scales with concurrency and length on
// linearizable register histories generated from a fixed seed (P clients, each operation
// taking effect at a random instant inside its interval, some timing out as :info), and the
// time on the public reference histories. The peer measured in the same run is reading the
// same history from text (parse only): the ratio says how much the search costs beyond I/O.
// Not a test: it only prints figures.
//
//   build/release/bin/bench_linearizability [REFERENCE_DIR]
//   (default ../shared/reference/histories, from the repo root)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/consistency/checker.h"
#include "core/consistency/history.h"

using namespace archlab::consistency;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

/// A linearizable single-register history: `clients` processes, `ops` operations over values
/// 0..4; a share `info` of them time out (and take effect or not, half and half).
History generate(std::uint32_t seed, int clients, int ops, double info) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    std::exponential_distribution<double> length(1.0 / 3);
    struct Op {
        std::int64_t process = 0;
        double start = 0, end = 0, at = 0;  ///< invocation, completion, and when it takes effect
        OpFunction f = OpFunction::read;
        std::int64_t a = 0, b = 0;          ///< written value or cas from, cas to
        bool timed_out = false, happened = true, cas_ok = true;
        Value read;
    };
    std::vector<Op> list;
    std::vector<double> free_at(static_cast<std::size_t>(clients), 0);
    std::vector<std::int64_t> pid(static_cast<std::size_t>(clients));
    for (int c = 0; c < clients; ++c) pid[static_cast<std::size_t>(c)] = c;
    std::int64_t next_pid = clients;
    for (int i = 0; i < ops; ++i) {
        const auto c = static_cast<std::size_t>(std::min_element(free_at.begin(), free_at.end()) - free_at.begin());
        const double start = free_at[c] + unit(rng);
        const double end = start + length(rng);
        Op op;
        op.process = pid[c];
        op.start = start;
        op.end = end;
        op.at = start + unit(rng) * (end - start);
        op.f = static_cast<OpFunction>(rng() % 3);
        op.a = static_cast<std::int64_t>(rng() % 5);
        op.b = static_cast<std::int64_t>(rng() % 5);
        op.timed_out = unit(rng) < info;
        list.push_back(op);
        free_at[c] = end;
        if (op.timed_out) pid[c] = next_pid++;  // a crashed client comes back as a new process, as in Jepsen
    }
    std::vector<Op*> by_effect;
    for (Op& op : list) by_effect.push_back(&op);
    std::sort(by_effect.begin(), by_effect.end(), [](const Op* x, const Op* y) { return x->at < y->at; });
    Value state;
    for (Op* op : by_effect) {
        if (op->timed_out && unit(rng) < 0.5) {
            op->happened = false;
            continue;
        }
        if (op->f == OpFunction::read) op->read = state;
        if (op->f == OpFunction::write) state = op->a;
        if (op->f == OpFunction::cas) {
            op->cas_ok = state == Value(op->a);
            if (op->cas_ok) state = op->b;
        }
    }
    struct Event {
        double t;
        Operation op;
    };
    std::vector<Event> events;
    for (const Op& op : list) {
        Operation inv;
        inv.process = op.process;
        inv.f = op.f;
        if (op.f != OpFunction::read) inv.value = op.a;
        if (op.f == OpFunction::cas) inv.cas_to = op.b;
        Operation done = inv;
        done.type = op.timed_out ? OpType::info : (op.f == OpFunction::cas && !op.cas_ok) ? OpType::fail : OpType::ok;
        if (op.f == OpFunction::read) done.value = op.timed_out ? Value{} : op.read;
        events.push_back({op.start, inv});
        events.push_back({op.end, done});
    }
    std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) { return x.t < y.t; });
    History h;
    h.source = "generated";
    for (std::size_t i = 0; i < events.size(); ++i) {
        events[i].op.line = i + 1;
        h.ops.push_back(events[i].op);
    }
    return h;
}

std::string edn_text(const History& h) {
    std::ostringstream out;
    for (const Operation& op : h.ops) write_edn(out, op);
    return out.str();
}

}  // namespace

int main(int argc, char** argv) {
    const std::string reference = argc > 1 ? argv[1] : "../shared/reference/histories";
    CheckOptions register_model;
    register_model.model = Model::register_;
    register_model.timeout = std::chrono::seconds(20);

    std::printf("generated linearizable register histories (seed 1), 20 s budget each\n");
    std::printf("%8s %8s %6s  %-17s %9s %11s %9s\n", "clients", "ops", "info", "verdict", "check s", "ops/s", "x parse");
    for (const int clients : {5, 10, 20, 30}) {
        for (const int ops : {1000, 10000}) {
            for (const double info : {0.0, 0.01}) {
                const History h = generate(1, clients, ops, info);
                const std::string text = edn_text(h);
                auto start = Clock::now();
                const History parsed = parse_history(text, "generated");
                const double parse_s = seconds_since(start);
                const CheckResult r = check(parsed, register_model);
                std::printf("%8d %8d %6.2f  %-17s %9.3f %11.0f %9.1f\n", clients, ops, info, to_string(r.verdict),
                            r.elapsed_s, static_cast<double>(ops) / r.elapsed_s, r.elapsed_s / parse_s);
            }
        }
    }

    std::printf("\nreference histories in %s\n", reference.c_str());
    std::printf("%-28s %8s %6s  %-17s %9s %9s\n", "file", "ops", "keys", "verdict", "check s", "x parse");
    std::vector<std::filesystem::path> files;
    for (const char* folder : {"jepsen", "kv"}) {
        const std::filesystem::path dir = std::filesystem::path(reference) / folder;
        if (!std::filesystem::is_directory(dir)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    double total = 0;
    for (const auto& file : files) {
        auto start = Clock::now();
        const History h = read_history_file(file);
        const double parse_s = seconds_since(start);
        CheckOptions o = file.parent_path().filename() == "kv" ? CheckOptions{} : register_model;
        const CheckResult r = check(h, o);
        total += r.elapsed_s;
        std::printf("%-28s %8zu %6zu  %-17s %9.4f %9.1f\n", file.filename().c_str(), r.operations, r.keys,
                    to_string(r.verdict), r.elapsed_s, r.elapsed_s / parse_s);
    }
    std::printf("%zu files, %.3f s checking in total\n", files.size(), total);
    return 0;
}
