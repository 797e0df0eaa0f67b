#pragma once
// The run store: every run's lab, settings, seed, fault events, time series and summary in a
// SQLite database (WAL). Samples are committed about once a second, so a run killed with
// SIGKILL loses at most its last second, and the database opens cleanly afterwards.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/metrics/series.h"

struct sqlite3;

namespace archlab {

struct RunRecord {
    std::int64_t id = 0;
    std::string lab;
    std::uint64_t seed = 0;
    std::string started_at;      ///< ISO 8601, UTC
    double duration_s = 0.0;
    std::string status;          ///< running, finished, failed, interrupted
    nlohmann::json settings;     ///< knob -> value
    nlohmann::json summary;      ///< the summary.json object (null until finished)
};

struct StoredFault {
    double at_s = 0.0;
    std::string action, target, value;
};

class RunStore {
public:
    /// Opens (creating if needed) the database at path. Throws std::runtime_error with the
    /// path and SQLite's message when it cannot.
    explicit RunStore(const std::string& path);
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    /// Default location: $ARCHLAB_STORE, else $XDG_DATA_HOME/archlab/runs.sqlite3,
    /// else ~/.local/share/archlab/runs.sqlite3.
    static std::string default_path();

    std::int64_t begin_run(const std::string& lab, std::uint64_t seed, const nlohmann::json& settings,
                           const std::vector<std::string>& columns);
    /// Buffers rows; they are committed by flush() (the controller calls it about once a second).
    void add_rows(std::int64_t run, const std::vector<SeriesRow>& rows);
    void add_fault(std::int64_t run, const StoredFault& fault);
    void flush();
    void finish_run(std::int64_t run, const std::string& status, double duration_s, const nlohmann::json& summary);

    std::vector<RunRecord> list_runs(int limit = 200);
    std::optional<RunRecord> load_run(std::int64_t run);
    SeriesSnapshot load_series(std::int64_t run);
    std::vector<StoredFault> load_faults(std::int64_t run);
    /// Runs left "running" by a process that died are marked "interrupted" at open.
    int interrupted_on_open() const { return interrupted_on_open_; }
    bool delete_run(std::int64_t run);

private:
    sqlite3* db_ = nullptr;
    std::string path_;
    int interrupted_on_open_ = 0;
    struct Pending;
    std::unique_ptr<Pending> pending_;
};

}  // namespace archlab
