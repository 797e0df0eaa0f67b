#pragma once
// The run store's schema as a list of migrations; PRAGMA user_version counts those applied.
#include <string>
#include <vector>

namespace archlab {

class SqliteDb;

/// Migration i takes a database from user_version i to i + 1. Append new ones; never edit old ones.
const std::vector<std::string>& run_store_migrations();

/// Applies the migrations a database lacks, each in its own transaction. Throws std::runtime_error
/// when the database was written by a newer ArchLab (user_version beyond what this build knows).
void migrate_run_store(SqliteDb& db);

}  // namespace archlab
