// The linearizability checker against an independent brute-force oracle (every subset of the
// maybe-happened calls, every order that respects real time) on thousands of random small
// register and key-value histories from a fixed seed.
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <sstream>

#include "core/consistency/checker.h"
#include "core/consistency/history.h"

using namespace archlab::consistency;

namespace {

/// Operation of a generated history.
Operation op_of(std::int64_t process, OpType type, OpFunction f, Value value, Value to = {}) {
    Operation op;
    op.process = process;
    op.type = type;
    op.f = f;
    op.value = std::move(value);
    op.cas_to = std::move(to);
    return op;
}

/// Random small histories: 3 processes, completions :ok, :info or :fail, some calls never
/// completed. Register: read/write/cas over nil and 0..2. Key-value: get/put/append over
/// strings of "a" and "b". Reads return random values.
History random_history(std::mt19937& rng, bool kv) {
    History h;
    h.source = "random";
    std::uniform_int_distribution<int> value(-1, 2);  // -1 stands for nil
    const auto v = [&] {
        if (kv) {
            std::string s;
            for (unsigned n = rng() % 3; n > 0; --n) s += (rng() % 2 != 0U) ? 'a' : 'b';
            return Value(s);
        }
        const int x = value(rng);
        return x < 0 ? Value{} : Value(std::int64_t(x));
    };
    const auto arg = [&] { return kv ? Value(std::string(1, (rng() % 2 != 0U) ? 'a' : 'b')) : v(); };
    std::vector<std::optional<Operation>> open(3);
    int invocations = 0;
    const int max_invocations = 3 + static_cast<int>(rng() % 5);
    while (true) {
        const int p = static_cast<int>(rng() % 3);
        if (!open[static_cast<std::size_t>(p)]) {
            if (invocations == max_invocations) {
                bool any = false;
                for (const auto& o : open) any = any || o.has_value();
                if (!any || rng() % 4 == 0) break;  // sometimes leave calls open (crashed)
                continue;
            }
            const auto f = static_cast<OpFunction>(rng() % 3 + (kv ? 3 : 0));  // read, write, cas / get, put, append
            const bool reads = f == OpFunction::read || f == OpFunction::get;
            Operation inv = op_of(p, OpType::invoke, f, reads ? Value{} : arg(), f == OpFunction::cas ? v() : Value{});
            h.ops.push_back(inv);
            open[static_cast<std::size_t>(p)] = inv;
            ++invocations;
            continue;
        }
        Operation done = *open[static_cast<std::size_t>(p)];
        const unsigned roll = rng() % 10;
        done.type = roll < 7 ? OpType::ok : roll < 9 ? OpType::info : OpType::fail;
        if (done.f == OpFunction::read || done.f == OpFunction::get) done.value = done.type == OpType::ok ? v() : Value{};
        h.ops.push_back(done);
        open[static_cast<std::size_t>(p)].reset();
    }
    for (std::size_t i = 0; i < h.ops.size(); ++i) h.ops[i].line = i + 1;
    return h;
}

/// An independent oracle: tries every subset of the maybe-happened calls and every order that
/// respects real time, replaying a register. Only for a handful of calls.
bool brute_force_linearizable(const History& h, bool kv) {
    struct C {
        Operation inv;
        std::size_t begin, end;  // end = SIZE_MAX when open
        bool definite;
        Value result;
    };
    std::vector<C> calls;
    std::vector<std::optional<std::size_t>> open(3);
    for (std::size_t i = 0; i < h.ops.size(); ++i) {
        const Operation& op = h.ops[i];
        auto& slot = open[static_cast<std::size_t>(op.process)];
        if (op.type == OpType::invoke) {
            slot = calls.size();
            calls.push_back({op, i, SIZE_MAX, false, {}});
            continue;
        }
        C& c = calls[*slot];
        slot.reset();
        if (op.type == OpType::ok) {
            c.end = i;
            c.definite = true;
            c.result = op.value;
        } else if (op.type == OpType::fail) {
            c.begin = SIZE_MAX;  // did not happen: never included
        }
    }
    std::vector<std::size_t> maybe;
    std::vector<std::size_t> sure;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        if (calls[i].begin == SIZE_MAX) continue;
        (calls[i].definite ? sure : maybe).push_back(i);
    }
    for (std::size_t mask = 0; mask < (std::size_t(1) << maybe.size()); ++mask) {
        std::vector<std::size_t> chosen = sure;
        for (std::size_t b = 0; b < maybe.size(); ++b) {
            if (mask & (std::size_t(1) << b)) chosen.push_back(maybe[b]);
        }
        std::sort(chosen.begin(), chosen.end());
        do {
            bool ok = true;
            for (std::size_t a = 0; a < chosen.size() && ok; ++a) {
                for (std::size_t b = a + 1; b < chosen.size() && ok; ++b) {
                    ok = !(calls[chosen[b]].end < calls[chosen[a]].begin);  // b finished before a began
                }
            }
            Value state = kv ? Value(std::string()) : Value{};
            for (std::size_t i = 0; i < chosen.size() && ok; ++i) {
                const C& c = calls[chosen[i]];
                if (c.inv.f == OpFunction::read || c.inv.f == OpFunction::get) {
                    ok = !c.definite || c.result == state;
                } else if (c.inv.f == OpFunction::write || c.inv.f == OpFunction::put) {
                    state = c.inv.value;
                } else if (c.inv.f == OpFunction::append) {
                    state = std::get<std::string>(state) + std::get<std::string>(c.inv.value);
                } else {
                    ok = state == c.inv.value;
                    state = c.inv.cas_to;
                }
            }
            if (ok) return true;
        } while (std::next_permutation(chosen.begin(), chosen.end()));
    }
    return false;
}

}  // namespace

class TestLinearizabilityRandom : public QObject {
    Q_OBJECT

private slots:
    void agrees_with_brute_force_data() {
        QTest::addColumn<bool>("kv");
        QTest::newRow("register") << false;
        QTest::newRow("kv") << true;
    }
    void agrees_with_brute_force() {
        QFETCH(bool, kv);
        std::mt19937 rng(20261202);
        int linearizable = 0;
        int not_linearizable = 0;
        for (int i = 0; i < 6000; ++i) {
            const History h = random_history(rng, kv);
            const bool expected = brute_force_linearizable(h, kv);
            CheckOptions o;
            o.model = kv ? Model::kv : Model::register_;
            const CheckResult r = check(h, o);
            if (r.verdict != (expected ? Verdict::linearizable : Verdict::not_linearizable)) {
                std::ostringstream text;
                for (const Operation& op : h.ops) write_edn(text, op);
                QFAIL(qPrintable(QString("history %1: checker says %2, brute force says %3\n%4")
                                     .arg(i)
                                     .arg(QString(to_string(r.verdict)), expected ? "linearizable" : "not linearizable",
                                          QString::fromStdString(text.str()))));
            }
            (expected ? linearizable : not_linearizable)++;
        }
        // The generator must give both verdicts often, or the comparison proves little.
        QVERIFY2(linearizable > 600 && not_linearizable > 600,
                 qPrintable(QString("%1 linearizable, %2 not").arg(linearizable).arg(not_linearizable)));
    }

};

QTEST_GUILESS_MAIN(TestLinearizabilityRandom)
#include "test_linearizability_random.moc"
