#include "core/store/run_store.h"

#include <bit>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <random>

#include "core/platform/process_id.h"
#include "core/platform/calendar_time.h"
#include "core/store/run_store_schema.h"
#include "core/store/sqlite_db.h"

namespace archlab {

/// Rows added since the last flush, and where each run's rows continue.
struct RunStore::Pending {
    std::vector<std::pair<std::int64_t, SeriesRow>> rows;  ///< (run, row) in the order added
    std::map<std::int64_t, std::int64_t> next_row;         ///< run -> number of its next committed row
    std::vector<std::pair<std::int64_t, TopologyRow>> topology;  ///< (run, topology row) in the order added
    std::map<std::int64_t, std::int64_t> next_topology;    ///< run -> number of its next committed topology row
};

namespace {

/// A random number fixed for this process: tells our own runs apart from a dead process's that had our pid.
std::int64_t process_token() {
    static const std::int64_t token = [] {
        std::random_device rd;
        return static_cast<std::int64_t>((std::uint64_t{rd()} << 32) ^ rd()) | 1;
    }();
    return token;
}

/// True while the process that started a run may still be writing it.
bool owner_alive(std::int64_t pid, std::int64_t token) {
    if (pid <= 0) return false;
    if (pid == platform::current_process_id()) return token == process_token();  // our pid, other token: an earlier process
    return platform::process_exists(pid);
}

std::string utc_now_iso8601() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    const std::tm tm = platform::utc_calendar(now);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// Values as little-endian IEEE-754 doubles, 8 bytes each.
std::vector<unsigned char> encode(const std::vector<double>& values) {
    std::vector<unsigned char> out(values.size() * 8);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto bits = std::bit_cast<std::uint64_t>(values[i]);
        for (int b = 0; b < 8; ++b) out[i * 8 + static_cast<std::size_t>(b)] = static_cast<unsigned char>(bits >> (8 * b));
    }
    return out;
}

std::vector<double> decode(const std::vector<unsigned char>& bytes) {
    std::vector<double> out(bytes.size() / 8);
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::uint64_t bits = 0;
        for (int b = 0; b < 8; ++b) bits |= std::uint64_t{bytes[i * 8 + static_cast<std::size_t>(b)]} << (8 * b);
        out[i] = std::bit_cast<double>(bits);
    }
    return out;
}

/// JSON text from the database, or null when it is missing or unreadable.
nlohmann::json json_or_null(const Statement& st, int col) {
    if (st.is_null(col)) return nullptr;
    auto j = nlohmann::json::parse(st.text(col), nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
}

constexpr const char* kRunColumns =
    "SELECT id, lab, seed, started_at, duration_s, status, settings_json, summary_json, origin FROM runs ";

RunRecord read_run(const Statement& st) {
    RunRecord r;
    r.id = st.int64(0);
    r.lab = st.text(1);
    r.seed = static_cast<std::uint64_t>(st.int64(2));
    r.started_at = st.text(3);
    r.duration_s = st.real(4);
    r.status = st.text(5);
    r.settings = json_or_null(st, 6);
    r.summary = json_or_null(st, 7);
    r.origin = st.text(8);
    return r;
}

}  // namespace

RunStore::RunStore(const std::string& path) : path_(path), pending_(std::make_unique<Pending>()) {
    db_ = std::make_unique<SqliteDb>(path, "run store");
    db_->exec("PRAGMA busy_timeout = 5000");
    db_->exec("PRAGMA journal_mode = WAL");
    db_->exec("PRAGMA synchronous = NORMAL");
    db_->exec("PRAGMA foreign_keys = ON");
    migrate_run_store(*db_);
    mark_dead_runs_interrupted();
}

RunStore::~RunStore() {
    try {
        std::lock_guard lock(mu_);
        flush_locked();
    } catch (...) {  // a destructor cannot report; the rows are lost as if the process had died
    }
}

std::string RunStore::default_path() {
    namespace fs = std::filesystem;
    const auto env = [](const char* name) -> std::string {
        const char* v = std::getenv(name);
        return v ? v : "";
    };
    fs::path p;
    if (const std::string store = env("ARCHLAB_STORE"); !store.empty()) {
        p = store;
#if defined(_WIN32)
    } else if (const std::string local = env("LOCALAPPDATA"); !local.empty()) {  // per-user app data
        p = fs::path(local) / "archlab" / "runs.sqlite3";
#elif defined(__APPLE__)
    } else if (const std::string mac_home = env("HOME"); !mac_home.empty()) {
        p = fs::path(mac_home) / "Library" / "Application Support" / "archlab" / "runs.sqlite3";
#else
    } else if (const std::string xdg = env("XDG_DATA_HOME"); !xdg.empty() && fs::path(xdg).is_absolute()) {
        p = fs::path(xdg) / "archlab" / "runs.sqlite3";
#endif
    } else {
        const std::string home = env("HOME");
        p = (home.empty() ? fs::current_path() : fs::path(home) / ".local" / "share") / "archlab" / "runs.sqlite3";
    }
    std::error_code ec;  // a folder that cannot be made shows up as the open error, naming the path
    if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
    return p.string();
}

void RunStore::mark_dead_runs_interrupted() {
    Transaction t(*db_);
    std::vector<std::int64_t> dead;
    Statement& running = db_->cached("SELECT id, owner_pid, owner_token FROM runs WHERE status = 'running'");
    while (running.step()) {
        if (!owner_alive(running.int64(1), running.int64(2))) dead.push_back(running.int64(0));
    }
    running.reset();
    Statement& mark = db_->cached("UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'");
    for (std::int64_t id : dead) {
        mark.bind(1, id).run();
        interrupted_on_open_ += db_->changes();
    }
    t.commit();
}

std::int64_t RunStore::begin_run(const std::string& lab, std::uint64_t seed, const nlohmann::json& settings,
                                 const std::vector<std::string>& columns) {
    std::lock_guard lock(mu_);
    Statement& st = db_->cached(
        "INSERT INTO runs(lab, seed, started_at, status, owner_pid, owner_token, settings_json, columns_json) "
        "VALUES(?, ?, ?, 'running', ?, ?, ?, ?)");
    st.bind(1, lab)
        .bind(2, static_cast<std::int64_t>(seed))
        .bind(3, utc_now_iso8601())
        .bind(4, platform::current_process_id())
        .bind(5, process_token())
        .bind(6, settings.dump())
        .bind(7, nlohmann::json(columns).dump())
        .run();
    const std::int64_t id = db_->last_insert_id();
    pending_->next_row[id] = 0;
    return id;
}

void RunStore::add_rows(std::int64_t run, const std::vector<SeriesRow>& rows) {
    std::lock_guard lock(mu_);
    for (const SeriesRow& r : rows) pending_->rows.emplace_back(run, r);
}

void RunStore::flush() {
    std::lock_guard lock(mu_);
    flush_locked();
}

namespace {
/// The number of a run's next row in `table`, looked up once per run and then counted on.
std::int64_t& next_row_of(SqliteDb& db, std::map<std::int64_t, std::int64_t>& next, const char* table, std::int64_t run) {
    auto it = next.find(run);
    if (it == next.end()) {  // a run begun by another RunStore: continue after its last row
        Statement& last = db.cached(std::string("SELECT COALESCE(MAX(row) + 1, 0) FROM ") + table + " WHERE run_id = ?");
        last.bind(1, run);
        it = next.emplace(run, last.step() ? last.int64(0) : 0).first;
        last.reset();
    }
    return it->second;
}
}  // namespace

void RunStore::flush_locked() {
    if (pending_->rows.empty() && pending_->topology.empty()) return;
    // A failed flush drops its batch, so one bad write cannot make every later flush fail too.
    const auto batch = std::move(pending_->rows);
    const auto topology = std::move(pending_->topology);
    pending_->rows.clear();
    pending_->topology.clear();
    auto next_row = pending_->next_row;  // advanced only once the transaction commits
    auto next_topology = pending_->next_topology;
    Transaction t(*db_);
    Statement& insert = db_->cached("INSERT INTO samples(run_id, row, t_s, vals) VALUES(?, ?, ?, ?)");
    for (const auto& [run, row] : batch) {
        const std::int64_t n = next_row_of(*db_, next_row, "samples", run)++;
        insert.bind(1, run).bind(2, n).bind(3, row.t_s).bind_blob(4, encode(row.values)).run();
    }
    Statement& insert_topology =
        db_->cached("INSERT INTO topology(run_id, row, t_s, states, links) VALUES(?, ?, ?, ?, ?)");
    for (const auto& [run, row] : topology) {
        const std::int64_t n = next_row_of(*db_, next_topology, "topology", run)++;
        insert_topology.bind(1, run).bind(2, n).bind(3, row.t_s).bind(4, row.states).bind_blob(5, row.links).run();
    }
    t.commit();
    pending_->next_row = std::move(next_row);
    pending_->next_topology = std::move(next_topology);
}

void RunStore::set_nodes(std::int64_t run, const std::vector<TopologyNodeName>& nodes) {
    nlohmann::json j = nlohmann::json::array();
    for (const TopologyNodeName& n : nodes) j.push_back({n.name, n.kind});
    std::lock_guard lock(mu_);
    db_->cached("UPDATE runs SET nodes_json = ? WHERE id = ?").bind(1, j.dump()).bind(2, run).run();
}

void RunStore::add_topology(std::int64_t run, const std::vector<TopologyRow>& rows) {
    std::lock_guard lock(mu_);
    for (const TopologyRow& r : rows) pending_->topology.emplace_back(run, r);
}

StoredTopology RunStore::load_topology(std::int64_t run) {
    std::lock_guard lock(mu_);
    StoredTopology out;
    Statement& nodes = db_->cached("SELECT nodes_json FROM runs WHERE id = ?");
    nodes.bind(1, run);
    if (nodes.step()) {
        const auto j = json_or_null(nodes, 0);
        if (j.is_array()) {
            for (const auto& n : j) {
                if (n.is_array() && n.size() == 2 && n[0].is_string() && n[1].is_string()) {
                    out.nodes.push_back({n[0].get<std::string>(), n[1].get<std::string>()});
                }
            }
        }
    }
    nodes.reset();
    Statement& rows = db_->cached("SELECT t_s, states, links FROM topology WHERE run_id = ? ORDER BY row");
    rows.bind(1, run);
    while (rows.step()) out.rows.push_back(TopologyRow{rows.real(0), rows.text(1), rows.blob(2)});
    rows.reset();
    return out;
}

void RunStore::add_events(std::int64_t run, const std::vector<StoredEvent>& events) {
    if (events.empty()) return;
    std::lock_guard lock(mu_);
    Transaction t(*db_);
    Statement& last = db_->cached("SELECT COALESCE(MAX(seq) + 1, 0) FROM events WHERE run_id = ?");
    last.bind(1, run);
    std::int64_t seq = last.step() ? last.int64(0) : 0;
    last.reset();
    Statement& insert = db_->cached("INSERT INTO events(run_id, seq, t_s, text) VALUES(?, ?, ?, ?)");
    for (const StoredEvent& e : events) insert.bind(1, run).bind(2, seq++).bind(3, e.t_s).bind(4, e.text).run();
    t.commit();
}

std::vector<StoredEvent> RunStore::load_events(std::int64_t run) {
    std::lock_guard lock(mu_);
    Statement& st = db_->cached("SELECT t_s, text FROM events WHERE run_id = ? ORDER BY seq");
    st.bind(1, run);
    std::vector<StoredEvent> out;
    while (st.step()) out.push_back(StoredEvent{st.real(0), st.text(1)});
    st.reset();
    return out;
}

std::int64_t RunStore::import_run(const ImportedRun& in) {
    const RunRecord& r = in.record;
    nlohmann::json nodes = nlohmann::json::array();
    for (const TopologyNodeName& n : in.topology.nodes) nodes.push_back({n.name, n.kind});
    std::lock_guard lock(mu_);
    Transaction t(*db_);
    Statement& run = db_->cached(
        "INSERT INTO runs(lab, seed, started_at, duration_s, status, settings_json, summary_json, columns_json, "
        "nodes_json, origin) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    run.bind(1, r.lab)
        .bind(2, static_cast<std::int64_t>(r.seed))
        .bind(3, r.started_at)
        .bind(4, r.duration_s)
        .bind(5, r.status)
        .bind(6, r.settings.dump());
    if (r.summary.is_null()) run.bind_null(7);
    else run.bind(7, r.summary.dump());
    run.bind(8, nlohmann::json(in.series.columns).dump());
    if (in.topology.nodes.empty()) run.bind_null(9);
    else run.bind(9, nodes.dump());
    run.bind(10, r.origin).run();
    const std::int64_t id = db_->last_insert_id();
    Statement& sample = db_->cached("INSERT INTO samples(run_id, row, t_s, vals) VALUES(?, ?, ?, ?)");
    for (std::size_t i = 0; i < in.series.rows.size(); ++i) {
        const SeriesRow& row = in.series.rows[i];
        sample.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, row.t_s).bind_blob(4, encode(row.values)).run();
    }
    Statement& topo = db_->cached("INSERT INTO topology(run_id, row, t_s, states, links) VALUES(?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < in.topology.rows.size(); ++i) {
        const TopologyRow& row = in.topology.rows[i];
        topo.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, row.t_s).bind(4, row.states).bind_blob(5, row.links).run();
    }
    Statement& fault = db_->cached("INSERT INTO faults(run_id, at_s, action, target, value) VALUES(?, ?, ?, ?, ?)");
    for (const StoredFault& f : in.faults) fault.bind(1, id).bind(2, f.at_s).bind(3, f.action).bind(4, f.target).bind(5, f.value).run();
    Statement& event = db_->cached("INSERT INTO events(run_id, seq, t_s, text) VALUES(?, ?, ?, ?)");
    for (std::size_t i = 0; i < in.events.size(); ++i) {
        event.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, in.events[i].t_s).bind(4, in.events[i].text).run();
    }
    t.commit();
    return id;
}

void RunStore::add_fault(std::int64_t run, const StoredFault& fault) {
    std::lock_guard lock(mu_);
    db_->cached("INSERT INTO faults(run_id, at_s, action, target, value) VALUES(?, ?, ?, ?, ?)")
        .bind(1, run)
        .bind(2, fault.at_s)
        .bind(3, fault.action)
        .bind(4, fault.target)
        .bind(5, fault.value)
        .run();
}

void RunStore::finish_run(std::int64_t run, const std::string& status, double duration_s,
                          const nlohmann::json& summary) {
    std::lock_guard lock(mu_);
    flush_locked();  // the run's last rows go in before it is marked finished
    db_->cached("UPDATE runs SET status = ?, duration_s = ?, summary_json = ? WHERE id = ?")
        .bind(1, status)
        .bind(2, duration_s)
        .bind(3, summary.dump())
        .bind(4, run)
        .run();
    pending_->next_row.erase(run);
    pending_->next_topology.erase(run);
}

bool RunStore::set_summary(std::int64_t run, const nlohmann::json& summary) {
    std::lock_guard lock(mu_);
    Statement& st = db_->cached("UPDATE runs SET summary_json = ? WHERE id = ?");
    st.bind(1, summary.dump()).bind(2, run).run();
    return db_->changes() > 0;
}

std::vector<RunRecord> RunStore::list_runs(int limit) {
    std::lock_guard lock(mu_);
    Statement& st = db_->cached(std::string(kRunColumns) + "ORDER BY id DESC LIMIT ?");
    st.bind(1, std::int64_t{limit});
    std::vector<RunRecord> out;
    while (st.step()) out.push_back(read_run(st));
    st.reset();
    return out;
}

std::optional<RunRecord> RunStore::load_run(std::int64_t run) {
    std::lock_guard lock(mu_);
    Statement& st = db_->cached(std::string(kRunColumns) + "WHERE id = ?");
    st.bind(1, run);
    std::optional<RunRecord> out;
    if (st.step()) out = read_run(st);
    st.reset();
    return out;
}

SeriesSnapshot RunStore::load_series(std::int64_t run) {
    std::lock_guard lock(mu_);
    SeriesSnapshot s;
    Statement& cols = db_->cached("SELECT columns_json FROM runs WHERE id = ?");
    cols.bind(1, run);
    if (cols.step()) {
        const auto j = json_or_null(cols, 0);
        if (j.is_array()) {
            for (const auto& c : j) s.columns.push_back(c.is_string() ? c.get<std::string>() : c.dump());
        }
    }
    cols.reset();
    Statement& rows = db_->cached("SELECT t_s, vals FROM samples WHERE run_id = ? ORDER BY row");
    rows.bind(1, run);
    while (rows.step()) s.rows.push_back(SeriesRow{rows.real(0), decode(rows.blob(1))});
    rows.reset();
    return s;
}

std::vector<StoredFault> RunStore::load_faults(std::int64_t run) {
    std::lock_guard lock(mu_);
    Statement& st = db_->cached("SELECT at_s, action, target, value FROM faults WHERE run_id = ? ORDER BY at_s, rowid");
    st.bind(1, run);
    std::vector<StoredFault> out;
    while (st.step()) out.push_back(StoredFault{st.real(0), st.text(1), st.text(2), st.text(3)});
    st.reset();
    return out;
}

void RunStore::limit_pages(std::int64_t pages) {
    std::lock_guard lock(mu_);
    db_->exec("PRAGMA max_page_count = " + std::to_string(pages));
}

bool RunStore::delete_run(std::int64_t run) {
    std::lock_guard lock(mu_);
    std::erase_if(pending_->rows, [run](const auto& r) { return r.first == run; });
    std::erase_if(pending_->topology, [run](const auto& r) { return r.first == run; });
    pending_->next_row.erase(run);
    pending_->next_topology.erase(run);
    Transaction t(*db_);
    db_->cached("DELETE FROM samples WHERE run_id = ?").bind(1, run).run();
    db_->cached("DELETE FROM topology WHERE run_id = ?").bind(1, run).run();
    db_->cached("DELETE FROM faults WHERE run_id = ?").bind(1, run).run();
    db_->cached("DELETE FROM events WHERE run_id = ?").bind(1, run).run();
    db_->cached("DELETE FROM runs WHERE id = ?").bind(1, run).run();
    const bool deleted = db_->changes() > 0;
    t.commit();
    return deleted;
}

}  // namespace archlab
