// The partitioning lab's end-of-run audit on hand-made shard contents: each kind of fault it
// counts (lost, duplicated, misplaced, in transit) is found, and a clean set of shards is clean.
// The map is hash-slot with two shards laid out evenly: slots 0..8191 on shard-1, the rest on shard-2.
#include <QTest>

#include "core/partition/hash_slot.h"
#include "labs/partitioning/part_audit.h"

using namespace archlab::partlab;

namespace {
using Dump = std::vector<std::pair<std::string, std::map<std::string, std::uint64_t>>>;

MapVersion two_shards() {
    return MapVersion(1, "hash-slot", 1,
                      {{MapOp::Kind::Add, "shard-1", {}, {}, 0, 0}, {MapOp::Kind::Add, "shard-2", {}, {}, 0, 0},
                       {MapOp::Kind::LayoutSlots, {}, {}, {}, 0, 0}});
}

/// A key whose slot is on the wanted side of 8192.
std::string key_on(bool first_half, int n) {
    for (int i = 0;; ++i) {
        std::string k = std::to_string(n);  // appended, not chained with +: gcc 12 warns (-Wrestrict) on the chain
        k += '-';
        k += std::to_string(i);
        if ((archlab::partition::hash_slot(k) < 8192) == first_half) return k;
    }
}
}  // namespace

class TestPartitioningAudit : public QObject {
    Q_OBJECT
private slots:
    void clean_shards_are_clean() {
        const MapVersion map = two_shards();
        const std::string a = key_on(true, 1), b = key_on(false, 2);
        const Dump dumps = {{"shard-1", {{a, 5}}}, {"shard-2", {{b, 0}}}};
        const AuditResult r = audit_shards(dumps, {{a, 5}, {b, 0}}, map, nullptr);
        QCOMPARE(r.lost + r.duplicate + r.misplaced + r.in_transit, std::uint64_t{0});
        QCOMPARE(r.keys, std::uint64_t{2});
        QCOMPARE(r.per_shard, (std::vector<std::uint64_t>{1, 1}));
    }

    void each_fault_is_counted() {
        const MapVersion map = two_shards();
        const std::string gone = key_on(true, 1), old = key_on(true, 2), twice = key_on(false, 3), astray = key_on(true, 4);
        const Dump dumps = {{"shard-1", {{old, 3}, {twice, 7}}}, {"shard-2", {{twice, 7}, {astray, 1}}}};
        // gone: nowhere; old: an older version than acknowledged; twice: on both; astray: on shard-2, owned by shard-1.
        const AuditResult r = audit_shards(dumps, {{gone, 1}, {old, 4}, {twice, 7}, {astray, 1}}, map, nullptr);
        QCOMPARE(r.lost, std::uint64_t{2});
        QCOMPARE(r.duplicate, std::uint64_t{1});
        QCOMPARE(r.misplaced, std::uint64_t{2});  // twice's copy on shard-1 and astray
        QCOMPARE(r.lost_examples.size(), std::size_t{2});
    }

    void a_key_on_its_old_and_new_owner_mid_move_is_in_transit() {
        const MapVersion map = two_shards();
        const MapVersion next(2, "hash-slot", 1,
                              {{MapOp::Kind::Add, "shard-1", {}, {}, 0, 0}, {MapOp::Kind::Add, "shard-2", {}, {}, 0, 0},
                               {MapOp::Kind::LayoutSlots, {}, {}, {}, 0, 0},
                               {MapOp::Kind::MoveSlots, "shard-2", {}, {}, 0, 8191}});
        const std::string k = key_on(true, 5);
        const Dump dumps = {{"shard-1", {{k, 2}}}, {"shard-2", {{k, 2}}}};
        const AuditResult moving = audit_shards(dumps, {{k, 2}}, map, &next);
        QCOMPARE(moving.in_transit, std::uint64_t{1});
        QCOMPARE(moving.duplicate + moving.misplaced + moving.lost, std::uint64_t{0});
        const AuditResult settled = audit_shards(dumps, {{k, 2}}, next, nullptr);  // the move is over: one copy too many
        QCOMPARE(settled.duplicate, std::uint64_t{1});
        QCOMPARE(settled.misplaced, std::uint64_t{1});
    }
};

QTEST_GUILESS_MAIN(TestPartitioningAudit)
#include "test_partitioning_audit.moc"
