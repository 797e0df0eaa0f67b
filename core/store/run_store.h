#pragma once
// The run store: every run's lab, settings, seed, fault events, time series, per-sample topology
// and summary in a SQLite database (WAL). Samples are committed about once a second, so a run
// killed with SIGKILL loses at most its last second, and the database opens cleanly afterwards.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/metrics/series.h"
#include "core/store/topology_record.h"

namespace archlab {

class SqliteDb;

struct RunRecord {
    std::int64_t id = 0;
    std::string lab;
    std::uint64_t seed = 0;
    std::string started_at;      ///< ISO 8601, UTC
    double duration_s = 0.0;
    std::string status;          ///< running, finished, failed, interrupted
    nlohmann::json settings;     ///< knob -> value
    nlohmann::json summary;      ///< the summary.json object (null until finished)
    std::string origin;          ///< "" when recorded here, else the bundle it was imported from
};

struct StoredFault {
    double at_s = 0.0;
    std::string action, target, value;
};

/// One line of a run's event log: a fault applied, a knob changed, the run started or finished.
struct StoredEvent {
    double t_s = 0.0;    ///< run time, s
    std::string text;
};

/// A run's recorded topology: its nodes once and one row per sample (empty for runs recorded
/// before the store kept topology).
struct StoredTopology {
    std::vector<TopologyNodeName> nodes;
    std::vector<TopologyRow> rows;
};

/// A whole run as another store (or a bundle) holds it, to be imported under a new id.
struct ImportedRun {
    RunRecord record;              ///< id is ignored; origin says where it came from
    SeriesSnapshot series;
    StoredTopology topology;       ///< empty when none was recorded
    std::vector<StoredFault> faults;
    std::vector<StoredEvent> events;
};

/// Safe to call from several threads (the run's sampler thread and the GUI thread): one lock.
/// Errors throw std::runtime_error naming the path and SQLite's message.
class RunStore {
public:
    /// Opens (creating if needed) the database at path. Throws std::runtime_error with the
    /// path and SQLite's message when it cannot.
    explicit RunStore(const std::string& path);
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    /// Default location: $ARCHLAB_STORE, else $XDG_DATA_HOME/archlab/runs.sqlite3,
    /// else ~/.local/share/archlab/runs.sqlite3. Creates the folder.
    static std::string default_path();
    /// The database file this store was opened on.
    const std::string& path() const { return path_; }

    /// Records a new run as "running" (written at once); returns its id. `columns` name the
    /// values of every row added later.
    std::int64_t begin_run(const std::string& lab, std::uint64_t seed, const nlohmann::json& settings,
                           const std::vector<std::string>& columns);
    /// Buffers rows; they are committed by flush() (the controller calls it about once a second).
    void add_rows(std::int64_t run, const std::vector<SeriesRow>& rows);
    /// Records the run's nodes, by node index (written at once); the topology rows index them.
    void set_nodes(std::int64_t run, const std::vector<TopologyNodeName>& nodes);
    /// Buffers topology rows (one per sample); committed by flush() with the series rows.
    void add_topology(std::int64_t run, const std::vector<TopologyRow>& rows);
    /// Appends lines to the run's event log (written at once, after the lines already there).
    void add_events(std::int64_t run, const std::vector<StoredEvent>& events);
    /// Records a fault applied to the run (written at once).
    void add_fault(std::int64_t run, const StoredFault& fault);
    /// Commits every buffered row in one transaction. If it fails, that batch is dropped and the error thrown.
    void flush();
    /// Commits the run's buffered rows, then sets its status ("finished", "failed"...), length and summary.
    void finish_run(std::int64_t run, const std::string& status, double duration_s, const nlohmann::json& summary);
    /// Replaces a run's summary (a guided run's answers join it once the run has ended); false
    /// when there is no such run.
    bool set_summary(std::int64_t run, const nlohmann::json& summary);

    /// Newest first; limit < 0 means all.
    std::vector<RunRecord> list_runs(int limit = 200);
    /// nullopt when there is no such run.
    std::optional<RunRecord> load_run(std::int64_t run);
    /// The run's columns and committed rows (rows still buffered are not included).
    SeriesSnapshot load_series(std::int64_t run);
    /// The run's nodes and committed topology rows, in sample order.
    StoredTopology load_topology(std::int64_t run);
    /// In time order.
    std::vector<StoredFault> load_faults(std::int64_t run);
    /// The run's event log in the order logged (empty for runs recorded before the store kept it).
    std::vector<StoredEvent> load_events(std::int64_t run);
    /// Adds a whole run (settings, summary, series, topology, faults, events) in one transaction
    /// and returns its new id: all of it is stored or, on an error (thrown), none of it.
    std::int64_t import_run(const ImportedRun& run);
    /// Runs left "running" by a process that died are marked "interrupted" at open (a run whose
    /// process is still alive, e.g. another window recording now, is left alone).
    int interrupted_on_open() const { return interrupted_on_open_; }
    /// Caps the database at `pages` pages (PRAGMA max_page_count): past it every write fails as on
    /// a full disk (SQLITE_FULL). For tests that cannot mount a small filesystem.
    void limit_pages(std::int64_t pages);
    /// Removes the run with its rows, topology and faults; false when there was no such run.
    bool delete_run(std::int64_t run);

private:
    void mark_dead_runs_interrupted();
    void flush_locked();  ///< flush() with mu_ held

    std::string path_;                 ///< database file (error messages, files kept beside it)
    std::unique_ptr<SqliteDb> db_;     ///< the connection and its reused prepared statements
    std::mutex mu_;                    ///< one caller at a time (sampler thread, GUI thread)
    int interrupted_on_open_ = 0;      ///< runs marked interrupted by the constructor
    struct Pending;
    std::unique_ptr<Pending> pending_; ///< rows added since the last flush()
};

}  // namespace archlab
