#pragma once
// A database access as a node's job: the statements run on a worker thread (plus hold_ms of
// emulated time), then `done` runs on the node's own thread with ok = false when SQLite refused
// or the node's job queue was full (the job was shed: nothing ran).
// A node killed meanwhile never sees `done` (what the statements wrote stays written), and the
// statements may still be running after the node is destroyed: they capture values, never the node.
#include <functional>
#include <memory>

#include "core/runtime/context.h"
#include "core/storage/sqlite_pool.h"

namespace archlab::txnlab {

inline void run_db_job(Context& ctx, const std::shared_ptr<SqlitePool>& db, double hold_ms,
                       std::function<void(sqlite3*)> statements, std::function<void(Context&, bool ok)> done) {
    auto ok = std::make_shared<bool>(true);
    Job job;
    job.hold = from_ms(hold_ms);
    job.compute = [db, statements = std::move(statements), ok] {
        try {
            db->with(statements);
        } catch (const std::exception&) {
            *ok = false;
        }
    };
    auto then = std::make_shared<std::function<void(Context&, bool)>>(std::move(done));
    job.done = [&ctx, then, ok](Nanos) { (*then)(ctx, *ok); };
    job.shed = [&ctx, then] { (*then)(ctx, false); };
    ctx.execute(std::move(job));
}

}  // namespace archlab::txnlab
