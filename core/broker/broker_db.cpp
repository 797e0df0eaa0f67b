#include "core/broker/broker_db.h"

#include <sqlite3.h>

#include "core/storage/sqlite_statement.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace archlab::broker {

namespace {

using Statement = SqliteStatement;

/// Fields as one blob: for each, a 4-byte length (host order) and its bytes.
std::string encode_fields(const std::vector<std::string>& fields) {
    std::string out;
    for (const std::string& f : fields) {
        const auto n = static_cast<std::uint32_t>(f.size());
        out.append(reinterpret_cast<const char*>(&n), sizeof n);
        out.append(f);
    }
    return out;
}

std::vector<std::string> decode_fields(const std::string& blob) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at + sizeof(std::uint32_t) <= blob.size()) {
        std::uint32_t n = 0;
        std::memcpy(&n, blob.data() + at, sizeof n);
        at += sizeof n;
        if (at + n > blob.size()) break;
        out.push_back(blob.substr(at, n));
        at += n;
    }
    return out;
}
}  // namespace

void broker_db_prepare(SqlitePool& pool) {
    pool.exec(
        "DROP TABLE IF EXISTS streams; DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS groups;"
        "DROP TABLE IF EXISTS pending;"
        "CREATE TABLE streams(topic TEXT PRIMARY KEY, last_ms INTEGER NOT NULL, last_seq INTEGER NOT NULL,"
        "                     added INTEGER NOT NULL);"
        "CREATE TABLE entries(topic TEXT NOT NULL, ms INTEGER NOT NULL, seq INTEGER NOT NULL,"
        "                     ordinal INTEGER NOT NULL, fields BLOB NOT NULL, PRIMARY KEY(topic, ms, seq));"
        "CREATE TABLE groups(topic TEXT NOT NULL, name TEXT NOT NULL, last_ms INTEGER NOT NULL,"
        "                    last_seq INTEGER NOT NULL, PRIMARY KEY(topic, name));"
        "CREATE TABLE pending(topic TEXT NOT NULL, grp TEXT NOT NULL, ms INTEGER NOT NULL, seq INTEGER NOT NULL,"
        "                     consumer TEXT NOT NULL, delivered_ns INTEGER NOT NULL, deliveries INTEGER NOT NULL,"
        "                     PRIMARY KEY(topic, grp, ms, seq));");
}

void broker_db_write(sqlite3* db, const std::vector<JournalOp>& ops) {
    if (ops.empty()) return;
    check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    {
        Statement put_entry(db, "INSERT OR REPLACE INTO entries(topic, ms, seq, ordinal, fields) VALUES(?1, ?2, ?3, ?4, ?5)");
        Statement del_entry(db, "DELETE FROM entries WHERE topic = ?1 AND ms = ?2 AND seq = ?3");
        Statement put_stream(db, "INSERT OR REPLACE INTO streams(topic, last_ms, last_seq, added) VALUES(?1, ?2, ?3, ?4)");
        Statement put_group(db, "INSERT OR REPLACE INTO groups(topic, name, last_ms, last_seq) VALUES(?1, ?2, ?3, ?4)");
        Statement put_pending(db,
                              "INSERT OR REPLACE INTO pending(topic, grp, ms, seq, consumer, delivered_ns, deliveries) "
                              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        Statement del_pending(db, "DELETE FROM pending WHERE topic = ?1 AND grp = ?2 AND ms = ?3 AND seq = ?4");
        for (const JournalOp& op : ops) {
            switch (op.kind) {
                case JournalOp::Kind::PutEntry: {
                    put_entry.text(1, op.topic);
                    put_entry.u64(2, op.id.ms);
                    put_entry.u64(3, op.id.seq);
                    put_entry.u64(4, op.count);
                    const std::string blob = encode_fields(op.fields);
                    sqlite3_bind_blob(put_entry.st, 5, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
                    put_entry.run("put entry");
                    break;
                }
                case JournalOp::Kind::DeleteEntry:
                    del_entry.text(1, op.topic);
                    del_entry.u64(2, op.id.ms);
                    del_entry.u64(3, op.id.seq);
                    del_entry.run("delete entry");
                    break;
                case JournalOp::Kind::PutStream:
                    put_stream.text(1, op.topic);
                    put_stream.u64(2, op.id.ms);
                    put_stream.u64(3, op.id.seq);
                    put_stream.u64(4, op.count);
                    put_stream.run("put stream");
                    break;
                case JournalOp::Kind::PutGroup:
                    put_group.text(1, op.topic);
                    put_group.text(2, op.group);
                    put_group.u64(3, op.id.ms);
                    put_group.u64(4, op.id.seq);
                    put_group.run("put group");
                    break;
                case JournalOp::Kind::PutPending:
                    put_pending.text(1, op.topic);
                    put_pending.text(2, op.group);
                    put_pending.u64(3, op.id.ms);
                    put_pending.u64(4, op.id.seq);
                    put_pending.text(5, op.consumer);
                    sqlite3_bind_int64(put_pending.st, 6, op.time_ns);
                    put_pending.u64(7, op.count);
                    put_pending.run("put pending");
                    break;
                case JournalOp::Kind::DeletePending:
                    del_pending.text(1, op.topic);
                    del_pending.text(2, op.group);
                    del_pending.u64(3, op.id.ms);
                    del_pending.u64(4, op.id.seq);
                    del_pending.run("delete pending");
                    break;
            }
        }
    }
    check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
}

void broker_db_load(sqlite3* db, TopicStore& store) {
    {
        Statement q(db, "SELECT topic, last_ms, last_seq, added FROM streams ORDER BY topic");
        while (sqlite3_step(q.st) == SQLITE_ROW) {
            store.restore(q.col_text(0)).restore_meta({q.col_u64(1), q.col_u64(2)}, q.col_u64(3));
        }
    }
    {
        Statement q(db, "SELECT topic, ms, seq, ordinal, fields FROM entries ORDER BY topic, ms, seq");
        while (sqlite3_step(q.st) == SQLITE_ROW) {
            store.restore(q.col_text(0)).restore_entry({q.col_u64(1), q.col_u64(2)}, decode_fields(q.col_text(4)), q.col_u64(3));
        }
    }
    {
        Statement q(db, "SELECT topic, name, last_ms, last_seq FROM groups ORDER BY topic, name");
        while (sqlite3_step(q.st) == SQLITE_ROW) {
            store.restore(q.col_text(0)).restore_group(q.col_text(1), {q.col_u64(2), q.col_u64(3)});
        }
    }
    {
        Statement q(db, "SELECT topic, grp, ms, seq, consumer, delivered_ns, deliveries FROM pending ORDER BY topic, grp, ms, seq");
        while (sqlite3_step(q.st) == SQLITE_ROW) {
            PendingEntry p{q.col_text(4), sqlite3_column_int64(q.st, 5), q.col_u64(6)};
            store.restore(q.col_text(0)).restore_pending(q.col_text(1), {q.col_u64(2), q.col_u64(3)}, std::move(p));
        }
    }
}

}  // namespace archlab::broker
