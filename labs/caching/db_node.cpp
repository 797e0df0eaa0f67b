#include "labs/caching/db_node.h"

#include "labs/caching/kv_table.h"
#include "labs/caching/messages.h"

namespace archlab::caching {

void DbNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type != kDbRead && msg.type != kDbWrite) return;
    // The latency first (a db thread held that long), then the statement on a db thread.
    Job wait;
    wait.hold = from_ms(cfg_->db_latency_ms);
    wait.done = [this, &ctx, msg](Nanos) { run_query(ctx, msg); };
    ctx.execute(std::move(wait));
}

void DbNode::run_query(Context& ctx, const Message& msg) {
    KeyHeader h;
    std::string_view tail;
    if (!unpack(msg.body, h, &tail)) return;
    auto result = std::make_shared<KvRow>();
    Job job;
    if (msg.type == kDbRead) {
        job.compute = [pool = pool_, result, key = h.key] { pool->with([&](sqlite3* db) { *result = read_kv(db, key); }); };
    } else {
        auto value = std::make_shared<std::string>(tail);
        // Captures shared pointers only: a killed node's running compute must not touch the node.
        job.compute = [pool = pool_, log = log_, result, value, key = h.key] {
            result->version = log->record(key, [&] {
                std::uint64_t v = 0;
                pool->with([&](sqlite3* db) { v = write_kv(db, key, *value); });
                return v;
            });
        };
    }
    job.done = [this, &ctx, result, type = msg.type, from = msg.from, id = msg.id](Nanos) {
        VersionHeader v{result->version};
        if (type == kDbRead) {
            m_->db_reads.add();
            ctx.send(from, kDbValue, id, pack(v, result->value));
        } else {
            m_->db_writes.add();
            ctx.send(from, kDbCommitted, id, pack(v));
        }
    };
    ctx.execute(std::move(job));
}

}  // namespace archlab::caching
