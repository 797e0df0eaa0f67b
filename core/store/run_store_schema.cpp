#include "core/store/run_store_schema.h"

#include <stdexcept>

#include "core/store/sqlite_db.h"

namespace archlab {

const std::vector<std::string>& run_store_migrations() {
    static const std::vector<std::string> m = {
        // 1: runs, their sample rows (one per sampler tick; values as a little-endian float64 blob,
        //    one per column of runs.columns_json) and their fault events.
        R"sql(
        CREATE TABLE runs(
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            lab           TEXT    NOT NULL,
            seed          INTEGER NOT NULL,
            started_at    TEXT    NOT NULL,
            duration_s    REAL    NOT NULL DEFAULT 0,
            status        TEXT    NOT NULL,
            owner_pid     INTEGER NOT NULL DEFAULT 0,
            owner_token   INTEGER NOT NULL DEFAULT 0,
            settings_json TEXT    NOT NULL,
            summary_json  TEXT,
            columns_json  TEXT    NOT NULL);
        CREATE INDEX runs_by_status ON runs(status);
        CREATE TABLE samples(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            row    INTEGER NOT NULL,
            t_s    REAL    NOT NULL,
            vals   BLOB    NOT NULL,
            PRIMARY KEY (run_id, row)) WITHOUT ROWID;
        CREATE TABLE faults(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            at_s   REAL    NOT NULL,
            action TEXT    NOT NULL,
            target TEXT    NOT NULL,
            value  TEXT    NOT NULL DEFAULT '');
        CREATE INDEX faults_by_run ON faults(run_id, at_s);
        )sql",
        // 2: the topology of every sample (core/store/topology_record.h): the run's nodes once, as
        //    [[name, kind], ...] by node index; then per sample one state letter per node and the
        //    cumulative counters of the links that changed since the sample before. Runs recorded
        //    before have no topology (nodes_json NULL, no rows).
        R"sql(
        ALTER TABLE runs ADD COLUMN nodes_json TEXT;
        CREATE TABLE topology(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            row    INTEGER NOT NULL,
            t_s    REAL    NOT NULL,
            states TEXT    NOT NULL,
            links  BLOB    NOT NULL,
            PRIMARY KEY (run_id, row)) WITHOUT ROWID;
        )sql",
        // 3: the run's event log (faults applied, knob changes, lifecycle, store trouble) in the
        //    order logged, and where a run came from: NULL when recorded here, else the bundle it
        //    was imported from. Runs recorded before have no events.
        R"sql(
        ALTER TABLE runs ADD COLUMN origin TEXT;
        CREATE TABLE events(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            seq    INTEGER NOT NULL,
            t_s    REAL    NOT NULL,
            text   TEXT    NOT NULL,
            PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
        )sql",
    };
    return m;
}

namespace {
int user_version(SqliteDb& db) {
    Statement& st = db.cached("PRAGMA user_version");
    const int v = st.step() ? static_cast<int>(st.int64(0)) : 0;
    st.reset();
    return v;
}
}  // namespace

void migrate_run_store(SqliteDb& db) {
    const auto& m = run_store_migrations();
    const int known = static_cast<int>(m.size());
    for (;;) {
        if (user_version(db) >= known) break;
        Transaction t(db);
        const int v = user_version(db);  // again, under the write lock: another process may have migrated
        if (v >= known) break;
        db.exec(m[static_cast<std::size_t>(v)]);
        db.exec("PRAGMA user_version = " + std::to_string(v + 1));
        t.commit();
    }
    if (const int v = user_version(db); v > known) {
        throw std::runtime_error(db.where() + ": written by a newer ArchLab (schema version " + std::to_string(v) +
                                 ", this build knows up to " + std::to_string(known) + ")");
    }
}

}  // namespace archlab
