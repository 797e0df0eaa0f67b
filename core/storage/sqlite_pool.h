#pragma once
// A node's real SQLite database: one file, WAL mode, a connection per concurrent user.
// Jobs on a node's worker threads borrow a connection, run their statements, and give it back.
#include <functional>
#include <mutex>
#include <string>
#include <vector>

struct sqlite3;

namespace archlab {

/// Page cache per connection, KiB, for a node's own database in a lab (a data node, a service,
/// a broker): a node touches its small tables and the newest pages of the growing ones. SQLite's
/// default, 2 MiB a connection, filled for minutes as the files grew, so a long run's memory
/// kept rising (replication's data nodes; the transactions lab's services in a soak).
inline constexpr int kNodeDbCacheKib = 256;

class SqlitePool {
public:
    /// Opens (creating) the database file at path. Throws std::runtime_error naming the path.
    /// cache_kib > 0: each connection's page cache holds at most that many KiB (SQLite's own
    /// default, 2 MiB a connection, otherwise); the cache fills as the file grows, so a long run's
    /// memory levels off sooner with a smaller one.
    explicit SqlitePool(std::string path, int cache_kib = 0);
    ~SqlitePool();
    SqlitePool(const SqlitePool&) = delete;
    SqlitePool& operator=(const SqlitePool&) = delete;

    /// Runs fn with a connection nobody else is using (opens one more when all are taken).
    void with(const std::function<void(sqlite3*)>& fn);
    /// Executes SQL text (several statements allowed); throws with SQLite's message on error.
    void exec(const std::string& sql);
    const std::string& path() const { return path_; }

private:
    sqlite3* open_one();

    std::string path_;
    int cache_kib_ = 0;            ///< page cache per connection, KiB (0: SQLite's default)
    std::mutex mu_;
    std::vector<sqlite3*> idle_;   ///< connections not in use
    std::vector<sqlite3*> all_;    ///< every connection opened, closed at destruction
};

}  // namespace archlab
