// Partitioners alone: the published hashes against others' vectors (CRC16-XMODEM and Redis's
// hash slots, jump hash, FNV-1a), pinned placements of fixed keys, and what each scheme
// promises on a rebalance: the share of keys that move when a 5th shard joins 4.
#include <QTest>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/partition/hash_slot.h"
#include "core/partition/jump_hash.h"
#include "core/partition/key_hash.h"
#include "core/partition/partitioner_registry.h"
#include "core/partition/partitioners.h"
#include "core/partition/range.h"
#include "input_error.h"

using namespace archlab;
using namespace archlab::partition;

namespace {
/// "key-00000" .. : zero-padded so string order is numeric order.
std::vector<std::string> keys(int n) {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(n));
    char buf[32];
    for (int i = 0; i < n; ++i) {
        std::snprintf(buf, sizeof buf, "key-%05d", i);
        out.emplace_back(buf);
    }
    return out;
}

std::unique_ptr<Partitioner> with_shards(const std::string& name, int n, int vnodes = 160) {
    PartitionerOptions o;
    o.virtual_nodes = vnodes;
    auto p = builtin_partitioners().create(name, o);
    for (int s = 0; s < n; ++s) p->add_shard("shard-" + std::to_string(s));
    return p;
}

/// Each key's shard id.
std::vector<std::string> owners(const Partitioner& p, const std::vector<std::string>& ks) {
    std::vector<std::string> out;
    out.reserve(ks.size());
    for (const std::string& k : ks) out.push_back(p.shard_of(k));
    return out;
}
}  // namespace

class TestPartitioners : public QObject {
    Q_OBJECT
private slots:
    void registry_knows_six_and_refuses_others() {
        const auto names = builtin_partitioners().names();
        QCOMPARE(names, (std::vector<std::string>{"range", "hash-mod", "consistent-hash", "rendezvous", "jump", "hash-slot"}));
        const QString err = input_error([] { builtin_partitioners().create("modulo"); });
        QVERIFY2(err.contains("modulo") && err.contains("rendezvous") && err.contains("hash-slot"), qPrintable(err));
        auto p = with_shards("jump", 2);
        QVERIFY(input_error([&] { p->add_shard("shard-1"); }).contains("already"));
        QVERIFY(input_error([&] { p->remove_shard("shard-9"); }).contains("shard-9"));
        QVERIFY(!input_error([] { make_consistent_hash(0); }).isEmpty());
    }

    void fnv1a64_and_key_hash() {
        // FNV-1a 64 reference values (Fowler/Noll/Vo test suite).
        QCOMPARE(fnv1a64(""), 0xcbf29ce484222325ULL);
        QCOMPARE(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
        QCOMPARE(fnv1a64("foobar"), 0x85944171f73967e8ULL);
        // key_hash64 is FNV-1a then the splitmix64 finaliser: pinned.
        QCOMPARE(key_hash64(""), splitmix64_mix(0xcbf29ce484222325ULL));
        QCOMPARE(key_hash64("a"), splitmix64_mix(0xaf63dc4c8601ec8cULL));
        QCOMPARE(splitmix64_mix(0), 0ULL);
    }

    void crc16_xmodem_check_value() {
        QCOMPARE(crc16_xmodem("123456789"), std::uint16_t{0x31C3});  // the CRC catalogue's check value
        QCOMPARE(crc16_xmodem(""), std::uint16_t{0});
        QCOMPARE(hash_slot("123456789"), 12739u);  // 0x31C3 < 16384: the slot is the CRC itself
    }

    void redis_keyslot_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<uint>("slot");
        // Redis's own test suite, tests/unit/cluster/cluster-slots or "cluster_cmds" KEYSLOT test:
        // assert_equal 15495 [r CLUSTER KEYSLOT "a"] and so on.
        QTest::newRow("a") << "a" << 15495u;
        QTest::newRow("{a}b") << "{a}b" << 15495u;
        QTest::newRow("{a") << "{a" << 10276u;
        QTest::newRow("{{a}b") << "{{a}b" << 10276u;  // tag "{a"
        QTest::newRow("{b{a}c}d") << "{b{a}c}d" << 7471u;  // tag "b{a"
        QTest::newRow("b{a") << "b{a" << 7471u;
        QTest::newRow("123456789") << "123456789" << 12739u;
    }
    void redis_keyslot() {
        QFETCH(QString, key);
        QFETCH(uint, slot);
        QCOMPARE(hash_slot(key.toStdString()), slot);
    }

    void hash_tags() {
        // The Redis Cluster specification's examples.
        QCOMPARE(hash_tag("{user1000}.following"), std::string_view("user1000"));
        QCOMPARE(hash_slot("{user1000}.following"), hash_slot("{user1000}.followers"));
        QCOMPARE(hash_tag("foo{}{bar}"), std::string_view("foo{}{bar}"));  // empty tag: the whole key
        QVERIFY(hash_slot("foo{}{bar}") != hash_slot("bar"));
        QCOMPARE(hash_tag("foo{{bar}}zap"), std::string_view("{bar"));
        QCOMPARE(hash_slot("foo{{bar}}zap"), hash_slot("{bar"));
        QCOMPARE(hash_slot("foo{bar}{zap}"), hash_slot("bar"));  // the first tag only
        QCOMPARE(hash_tag("no-brace}"), std::string_view("no-brace}"));
        QCOMPARE(hash_tag("open{only"), std::string_view("open{only"));
        // Through the partitioner: tagged keys land on one shard.
        auto p = with_shards("hash-slot", 5);
        for (const char* k : {"{user1000}.a", "{user1000}.b", "x{user1000}y"}) QCOMPARE(p->shard_of(k), p->shard_of("user1000"));
    }

    void jump_published_vectors_data() {
        QTest::addColumn<quint64>("key");
        QTest::addColumn<int>("buckets");
        QTest::addColumn<int>("bucket");
        // ClickHouse tests/queries/0_stateless/00580_consistent_hashing_functions.sql and its
        // .reference (jumpConsistentHash, the published algorithm): 0 43 520 0 361 237.
        QTest::newRow("ch 1/1") << quint64(1) << 1 << 0;
        QTest::newRow("ch 42/57") << quint64(42) << 57 << 43;
        QTest::newRow("ch 256/1024") << quint64(256) << 1024 << 520;  // also the Python jump package's README
        QTest::newRow("ch 3735883980/1") << quint64(3735883980ULL) << 1 << 0;
        QTest::newRow("ch 3735883980/666") << quint64(3735883980ULL) << 666 << 361;
        QTest::newRow("ch 16045690984833335023/255") << quint64(16045690984833335023ULL) << 255 << 237;
        // Microsoft's JumpConsistentHash TypeScript tests ("Validate base algorithm implementation").
        QTest::newRow("ms 10863919174838991/11") << quint64(10863919174838991ULL) << 11 << 6;
        QTest::newRow("ms 2016238256797177309/11") << quint64(2016238256797177309ULL) << 11 << 3;
        QTest::newRow("ms 1673758223894951030/11") << quint64(1673758223894951030ULL) << 11 << 5;
    }
    void jump_published_vectors() {
        QFETCH(quint64, key);
        QFETCH(int, buckets);
        QFETCH(int, bucket);
        QCOMPARE(jump_consistent_hash(key, buckets), bucket);
    }

    void jump_is_monotone() {
        // Growing the bucket count, a key either stays or moves to the new last bucket.
        for (std::uint64_t k = 0; k < 2000; ++k) {
            std::int32_t prev = jump_consistent_hash(k * 0x9E3779B97F4A7C15ULL, 1);
            QCOMPARE(prev, 0);
            for (std::int32_t n = 2; n <= 40; ++n) {
                const std::int32_t b = jump_consistent_hash(k * 0x9E3779B97F4A7C15ULL, n);
                QVERIFY(b == prev || b == n - 1);
                prev = b;
            }
        }
    }

    void fixed_keys_data() {
        QTest::addColumn<QString>("algo");
        QTest::addColumn<QList<int>>("expected");
        // Pinned: a change here changes where every stored key lives. Keys "alpha", "beta",
        // "gamma", "delta", "epsilon", "user:42", over 4 shards (range: 4 blind halvings put
        // every lower-case key in the range 0x40..0x7f, shard 2).
        QTest::newRow("hash-mod") << "hash-mod" << QList<int>{0, 0, 1, 0, 1, 0};
        QTest::newRow("consistent-hash") << "consistent-hash" << QList<int>{0, 1, 3, 3, 3, 3};
        QTest::newRow("rendezvous") << "rendezvous" << QList<int>{0, 2, 0, 0, 0, 1};
        QTest::newRow("jump") << "jump" << QList<int>{1, 0, 3, 0, 1, 2};
        QTest::newRow("hash-slot") << "hash-slot" << QList<int>{0, 3, 0, 1, 1, 3};
        QTest::newRow("range") << "range" << QList<int>{2, 2, 2, 2, 2, 2};
    }
    void fixed_keys() {
        QFETCH(QString, algo);
        QFETCH(QList<int>, expected);
        auto p = with_shards(algo.toStdString(), 4);
        QList<int> got;
        for (const char* k : {"alpha", "beta", "gamma", "delta", "epsilon", "user:42"}) got << int(p->shard_index(k));
        QCOMPARE(got, expected);
    }

    void even_shares_data() {
        QTest::addColumn<QString>("algo");
        QTest::addColumn<int>("vnodes");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("hash-mod") << "hash-mod" << 1 << 0.01;
        QTest::newRow("consistent-hash 1000 vnodes") << "consistent-hash" << 1000 << 0.02;
        QTest::newRow("rendezvous") << "rendezvous" << 1 << 0.01;
        QTest::newRow("jump") << "jump" << 1 << 0.01;
        QTest::newRow("hash-slot") << "hash-slot" << 1 << 0.01;
    }
    void even_shares() {
        QFETCH(QString, algo);
        QFETCH(int, vnodes);
        QFETCH(double, tolerance);
        const auto ks = keys(100000);
        auto p = with_shards(algo.toStdString(), 4, vnodes);
        std::vector<double> count(4, 0.0);
        for (const auto& k : ks) count[p->shard_index(k)] += 1.0;
        for (double c : count) QVERIFY2(std::abs(c / 100000.0 - 0.25) < tolerance, qPrintable(QString::number(c)));
    }

    void moved_on_fifth_shard_data() {
        QTest::addColumn<QString>("algo");
        QTest::addColumn<int>("vnodes");
        QTest::addColumn<double>("expected");
        QTest::addColumn<bool>("only_to_new");
        // Theory: hash mod keeps a key only when h mod 4 == h mod 5 (1/5 of keys): 4/5 move.
        // The consistent schemes move only the newcomer's share, 1/5, all to it.
        QTest::newRow("hash-mod") << "hash-mod" << 1 << 0.8 << false;
        QTest::newRow("consistent-hash 1000 vnodes") << "consistent-hash" << 1000 << 0.2 << true;
        QTest::newRow("rendezvous") << "rendezvous" << 1 << 0.2 << true;
        QTest::newRow("jump") << "jump" << 1 << 0.2 << true;
        QTest::newRow("hash-slot") << "hash-slot" << 1 << 0.2 << true;
    }
    void moved_on_fifth_shard() {
        QFETCH(QString, algo);
        QFETCH(int, vnodes);
        QFETCH(double, expected);
        QFETCH(bool, only_to_new);
        const auto ks = keys(100000);
        auto p = with_shards(algo.toStdString(), 4, vnodes);
        const auto before = owners(*p, ks);
        p->add_shard("shard-4");
        const auto after = owners(*p, ks);
        int moved = 0;
        for (std::size_t i = 0; i < ks.size(); ++i) {
            if (before[i] == after[i]) continue;
            ++moved;
            if (only_to_new) QCOMPARE(after[i], std::string("shard-4"));
        }
        const double fraction = moved / 100000.0;
        QVERIFY2(std::abs(fraction - expected) < 0.02, qPrintable(QString("moved %1").arg(fraction)));
    }

    void removing_moves_only_its_keys_data() {
        QTest::addColumn<QString>("algo");
        QTest::addColumn<QString>("gone");
        QTest::newRow("consistent-hash") << "consistent-hash" << "shard-1";
        QTest::newRow("rendezvous") << "rendezvous" << "shard-1";
        QTest::newRow("jump, last shard") << "jump" << "shard-4";
        QTest::newRow("hash-slot") << "hash-slot" << "shard-1";
        QTest::newRow("range") << "range" << "shard-1";
    }
    void removing_moves_only_its_keys() {
        QFETCH(QString, algo);
        QFETCH(QString, gone);
        const auto ks = keys(20000);
        auto p = with_shards(algo.toStdString(), 5);
        const auto before = owners(*p, ks);
        p->remove_shard(gone.toStdString());
        QCOMPARE(p->shards().size(), std::size_t(4));
        const auto after = owners(*p, ks);
        for (std::size_t i = 0; i < ks.size(); ++i) {
            if (before[i] != gone.toStdString()) QCOMPARE(after[i], before[i]);
            QVERIFY(after[i] != gone.toStdString());
        }
    }

    void range_keeps_order_and_skews_without_splits() {
        // Halving the key space blindly puts every "key-…" in one shard: range partitioning
        // needs split points from the data.
        auto p = with_shards("range", 4);
        const auto ks = keys(1000);
        for (const auto& k : ks) QCOMPARE(p->shard_of(k), p->shard_of(ks.front()));
        // Order: shard ranges ascend in key order.
        const auto& r = dynamic_cast<RangePartitioner&>(*p).ranges();
        for (std::size_t i = 1; i < r.size(); ++i) QVERIFY(r[i - 1].lower < r[i].lower);
        QCOMPARE(r.front().lower, std::string());
    }

    void range_split_moves_half() {
        auto p = with_shards("range", 4);
        auto& range = dynamic_cast<RangePartitioner&>(*p);
        const auto ks = keys(100000);
        const std::string full = p->shard_of(ks.front());
        const auto before = owners(*p, ks);
        const std::string median = range.split_at_median(full, ks, "shard-4");
        QCOMPARE(median, std::string("key-50000"));
        const auto after = owners(*p, ks);
        int moved = 0;
        for (std::size_t i = 0; i < ks.size(); ++i) {
            if (before[i] == after[i]) continue;
            ++moved;
            QCOMPARE(after[i], std::string("shard-4"));
            QVERIFY(ks[i] >= median);
        }
        QCOMPARE(moved, 50000);
        // Splitting again halves the new shard's half.
        range.split_at_median("shard-4", ks, "shard-5");
        int in5 = 0;
        for (const auto& k : ks) in5 += p->shard_of(k) == "shard-5" ? 1 : 0;
        QCOMPARE(in5, 25000);
        // Removing the split-off shard hands its keys back to the range below.
        p->remove_shard("shard-5");
        p->remove_shard("shard-4");
        QCOMPARE(owners(*p, ks), before);
        QVERIFY(input_error([&] { range.split_at_median(full, {"key-1"}, "shard-9"); }).contains("too few"));
        QVERIFY(input_error([&] { range.split_at_median("nope", ks, "shard-9"); }).contains("nope"));
    }

    void hash_slots_move_between_shards() {
        auto p = with_shards("hash-slot", 4);
        auto& hs = dynamic_cast<HashSlotPartitioner&>(*p);
        for (int s = 0; s < 4; ++s) QCOMPARE(hs.slot_count("shard-" + std::to_string(s)), std::size_t(4096));
        p->add_shard("shard-4");
        QCOMPARE(hs.slot_count("shard-4"), std::size_t(16384 / 5));
        std::size_t total = 0;
        for (const auto& id : p->shards()) total += hs.slot_count(id);
        QCOMPARE(total, std::size_t(16384));
        // Resharding by hand: the key's slot follows its new owner.
        const std::uint32_t slot = hash_slot("user:42");
        hs.move_slots(slot, slot, "shard-2");
        QCOMPARE(p->shard_of("user:42"), std::string("shard-2"));
        QVERIFY(!input_error([&] { hs.move_slots(5, 16384, "shard-0"); }).isEmpty());
        QVERIFY(input_error([&] { hs.move_slots(0, 1, "shard-x"); }).contains("shard-x"));
        // A fresh cluster's layout: contiguous even ranges.
        hs.assign_evenly();
        QCOMPARE(hs.slot_owner(0), std::size_t(0));
        QCOMPARE(hs.slot_owner(3276), std::size_t(0));
        QCOMPARE(hs.slot_owner(3277), std::size_t(1));
        QCOMPARE(hs.slot_owner(16383), std::size_t(4));
        // A removed shard's slots spread over the rest.
        p->remove_shard("shard-0");
        for (const auto& id : p->shards()) QCOMPARE(hs.slot_count(id), std::size_t(4096));
    }

    void no_shards_is_a_logic_error() {
        for (const auto& name : builtin_partitioners().names()) {
            auto p = builtin_partitioners().create(name);
            QVERIFY_THROWS_EXCEPTION(std::logic_error, p->shard_index("k"));
        }
    }
};

QTEST_GUILESS_MAIN(TestPartitioners)
#include "test_partitioners.moc"
