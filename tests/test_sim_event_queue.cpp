// The simulated runtime's agenda and timer table: order by (time, scheduling order), cancelling
// (also of events that ran, twice, or by a stale key), stale entries and compaction, and the
// flat timer table against a std::map under random inserts and erases.
#include <QTest>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include "core/runtime/sim_event_queue.h"
#include "core/runtime/sim_timer_table.h"

using namespace archlab;

namespace {

/// The timer id an event carries, to tell events apart (SimTimerFire::id).
TimerId id_of(const SimEvent& e) { return std::get<SimTimerFire>(e).id; }

SimTimerFire fire(TimerId id) { return SimTimerFire{0, id, 0}; }

}  // namespace

class TestSimEventQueue : public QObject {
    Q_OBJECT
private slots:
    void runs_in_time_then_scheduling_order() {
        SimEventQueue q;
        q.push(Nanos(30), fire(1));
        q.push(Nanos(10), fire(2));
        q.push(Nanos(30), fire(3));
        q.push(Nanos(10), fire(4));
        q.push(Nanos(20), fire(5));
        QCOMPARE(q.size(), std::size_t(5));
        std::vector<TimerId> order;
        std::vector<Nanos> times;
        while (!q.empty()) {
            SimEventKey key;
            Nanos at{0};
            const SimEvent e = q.pop(&key, &at);
            order.push_back(id_of(e));
            times.push_back(at);
        }
        QCOMPARE(order, (std::vector<TimerId>{2, 4, 5, 1, 3}));
        QCOMPARE(times, (std::vector<Nanos>{Nanos(10), Nanos(10), Nanos(20), Nanos(30), Nanos(30)}));
    }

    void cancel_removes_once_and_only_live_events() {
        SimEventQueue q;
        const SimEventKey a = q.push(Nanos(5), fire(1));
        const SimEventKey b = q.push(Nanos(6), fire(2));
        QVERIFY(!q.cancel(SimEventKey{}));  // names no event
        QVERIFY(q.cancel(a));
        QVERIFY(!q.cancel(a));              // already cancelled
        QCOMPARE(q.size(), std::size_t(1));
        QCOMPARE(q.next_at(), Nanos(6));
        // a's slot is reused; a's key must not cancel the new event
        const SimEventKey c = q.push(Nanos(1), fire(3));
        QCOMPARE(c.slot, a.slot);
        QVERIFY(!q.cancel(a));
        SimEventKey key;
        Nanos at{0};
        QCOMPARE(id_of(q.pop(&key, &at)), TimerId(3));
        QCOMPARE(key.seq, c.seq);
        QVERIFY(!q.cancel(c));              // ran
        QCOMPARE(id_of(q.pop(&key, &at)), TimerId(2));
        QVERIFY(!q.cancel(b));
        QVERIFY(q.empty());
    }

    void clear_keeps_old_keys_dead() {
        SimEventQueue q;
        const SimEventKey a = q.push(Nanos(5), fire(1));
        q.clear();
        QVERIFY(q.empty());
        const SimEventKey b = q.push(Nanos(5), fire(2));
        QCOMPARE(b.slot, a.slot);
        QVERIFY(b.seq > a.seq);
        QVERIFY(!q.cancel(a));
        QCOMPARE(q.size(), std::size_t(1));
    }

    void random_pushes_and_cancels_match_a_sorted_reference() {
        // Many cancels leave stale entries behind and force compactions; the order must hold.
        std::mt19937_64 rng(7);
        SimEventQueue q;
        std::map<std::pair<std::int64_t, std::uint64_t>, TimerId> ref;  // (at, seq) -> id
        std::vector<std::pair<SimEventKey, std::pair<std::int64_t, std::uint64_t>>> live;
        TimerId next = 1;
        std::int64_t now = 0;
        for (int round = 0; round < 200'000; ++round) {
            const std::uint64_t r = rng();
            if (r % 10 < 5) {
                const std::int64_t at = now + static_cast<std::int64_t>((r >> 8) % 1000);
                const SimEventKey k = q.push(Nanos(at), fire(next));
                ref.emplace(std::make_pair(at, k.seq), next);
                live.push_back({k, {at, k.seq}});
                ++next;
            } else if (r % 10 < 8 && !live.empty()) {
                const std::size_t i = (r >> 8) % live.size();
                const bool was_live = ref.erase(live[i].second) > 0;
                QCOMPARE(q.cancel(live[i].first), was_live);
                live[i] = live.back();
                live.pop_back();
            } else if (!q.empty()) {
                SimEventKey key;
                Nanos at{0};
                const SimEvent e = q.pop(&key, &at);
                QVERIFY(!ref.empty());
                const auto first = ref.begin();
                QCOMPARE(at.count(), first->first.first);
                QCOMPARE(key.seq, first->first.second);
                QCOMPARE(id_of(e), first->second);
                ref.erase(first);
                now = at.count();
            }
            QCOMPARE(q.size(), ref.size());
        }
    }

    void timer_table_matches_a_map() {
        std::mt19937_64 rng(11);
        SimTimerTable t;
        std::map<TimerId, std::uint64_t> ref;  // id -> seq of its key
        TimerId next = 1;
        for (int round = 0; round < 100'000; ++round) {
            const std::uint64_t r = rng();
            if (r % 3 == 0 || ref.empty()) {
                next += 1 + (r >> 8) % 5;  // ids of one node are spread over a global counter
                t.insert(next, SimEventKey{next * 3, 0});
                ref[next] = next * 3;
            } else {
                const TimerId id = next - (r >> 8) % 64;  // often live, sometimes gone or never set
                const bool had = ref.erase(id) > 0;
                QCOMPARE(t.erase(id), had);
            }
            const TimerId probe = next - (r >> 16) % 64;
            SimEventKey* k = t.find(probe);
            const auto it = ref.find(probe);
            QCOMPARE(k != nullptr, it != ref.end());
            if (k) QCOMPARE(k->seq, it->second);
            QCOMPARE(t.size(), ref.size());
        }
        QVERIFY(t.find(0) == nullptr);
        std::size_t visited = 0;
        t.for_each([&](TimerId id, const SimEventKey& k) {
            ++visited;
            QCOMPARE(k.seq, ref.at(id));
        });
        QCOMPARE(visited, ref.size());
        t.clear();
        QCOMPARE(t.size(), std::size_t(0));
        QVERIFY(t.find(next) == nullptr);
    }
};

QTEST_GUILESS_MAIN(TestSimEventQueue)
#include "test_sim_event_queue.moc"
