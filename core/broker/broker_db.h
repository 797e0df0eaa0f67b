#pragma once
// The broker's own SQLite database: streams (last id, entries added), entries, consumer groups
// (last delivered id) and pending entries (consumer, delivery time, deliveries). Journal ops
// are written in one transaction per batch; a restarted broker loads it all back.
#include <vector>

#include "core/broker/journal.h"
#include "core/broker/topic_store.h"
#include "core/storage/sqlite_pool.h"

struct sqlite3;

namespace archlab::broker {

/// Creates the tables (dropping old ones): a new run starts empty.
void broker_db_prepare(SqlitePool& pool);
/// Writes ops in order, in one transaction. Throws std::runtime_error with SQLite's message.
void broker_db_write(sqlite3* db, const std::vector<JournalOp>& ops);
/// Reads every topic, entry, group and pending entry into store (no journal ops).
void broker_db_load(sqlite3* db, TopicStore& store);

}  // namespace archlab::broker
