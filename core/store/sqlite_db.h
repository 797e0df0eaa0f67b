#pragma once
// A thin RAII layer over the SQLite C API: one connection, statements prepared once and reused,
// transactions that roll back unless committed. Every error names the database path.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace archlab {

class SqliteDb;

/// A prepared statement. Bind parameters are 1-based, result columns 0-based.
class Statement {
public:
    Statement(SqliteDb& db, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t v);    ///< INTEGER
    Statement& bind(int index, double v);          ///< REAL
    Statement& bind(int index, const std::string& v);  ///< TEXT (copied)
    Statement& bind_blob(int index, const std::vector<unsigned char>& bytes);  ///< BLOB (copied)
    Statement& bind_null(int index);               ///< NULL
    /// Runs one step: true when a row is ready, false when done. Throws on error.
    bool step();
    /// Runs to completion, ignoring rows; then resets.
    void run();
    /// Ready for the next use: unbinds and rewinds.
    void reset();

    std::int64_t int64(int col) const;              ///< column of the current row as an integer
    double real(int col) const;                     ///< ... as a double
    std::string text(int col) const;                ///< ... as text ("" for NULL)
    std::vector<unsigned char> blob(int col) const; ///< ... as bytes (empty for NULL)
    bool is_null(int col) const;                    ///< true when the column is NULL

private:
    SqliteDb& db_;                   ///< the connection, for error messages
    sqlite3_stmt* stmt_ = nullptr;   ///< owned, finalized by the destructor
};

/// One open database connection.
class SqliteDb {
public:
    /// Opens (creating) the file; throws std::runtime_error "cannot open KIND 'PATH': why".
    /// `kind` names the database in every error message: "run store".
    SqliteDb(std::string path, std::string kind);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    /// Runs SQL text (several statements allowed).
    void exec(const std::string& sql);
    /// The statement for this SQL, prepared on first use and reset before it is handed out.
    Statement& cached(const std::string& sql);
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    int changes() const;
    std::int64_t last_insert_id() const;
    /// Throws std::runtime_error with the path, `doing` and SQLite's message.
    [[noreturn]] void fail(const std::string& doing) const;
    /// "run store '/path'": the start of every error message.
    std::string where() const { return kind_ + " '" + path_ + "'"; }

    sqlite3* handle() const { return db_; }                ///< the raw connection
    const std::string& path() const { return path_; }     ///< the database file

private:
    std::string path_;        ///< the database file
    std::string kind_;        ///< "run store": what this database is, for messages
    sqlite3* db_ = nullptr;   ///< owned, closed by the destructor
    std::map<std::string, std::unique_ptr<Statement>> cache_;  ///< SQL text -> prepared statement
};

/// BEGIN IMMEDIATE now; ROLLBACK at scope exit unless commit() was called.
class Transaction {
public:
    explicit Transaction(SqliteDb& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();  ///< COMMIT; throws when it fails (the destructor then rolls back)

private:
    SqliteDb& db_;       ///< the connection the transaction runs on
    bool done_ = false;  ///< committed (or rolled back already)
};

}  // namespace archlab
