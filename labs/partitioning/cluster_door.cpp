#include "labs/partitioning/cluster_door.h"

#include <atomic>
#include <mutex>

#include "core/cluster/shard_commands.h"
#include "core/resp/async_resp_server.h"
#include "labs/partitioning/door_map.h"
#include "labs/partitioning/outside_keyspace.h"
#include "labs/partitioning/part_config.h"

namespace archlab::partlab {

struct ClusterDoor::State : std::enable_shared_from_this<State> {
    Runtime& runtime;
    std::shared_ptr<MapBook> book;
    cluster::ShardCommands commands;
    cluster::SharedClusterMap map;
    std::vector<std::unique_ptr<OutsideKeyspace>> keyspaces;  ///< by shard ordinal - 1; node thread only
    std::vector<NodeIndex> nodes;                              ///< by shard ordinal - 1
    std::vector<std::unique_ptr<resp::AsyncRespServer>> servers;
    std::vector<std::uint16_t> ports;
    std::mutex publish_mu;  ///< one rebuild at a time, so an older map is never published last
    std::atomic<bool> open{false};  ///< ports open

    State(Runtime& rt, std::shared_ptr<MapBook> b) : runtime(rt), book(std::move(b)) {}

    void dispatch(std::size_t shard, std::vector<std::string> args, resp::ClientSession& session, resp::Reply done) {
        std::string reply;
        cluster::ShardRequest request;
        if (commands.answer_or_forward(args, session, reply, request)) return done(std::move(reply));
        runtime.post(nodes[shard], [self = shared_from_this(), shard, request = std::move(request), done](Node&, Context&) {
            try {
                done(self->commands.run(request, *self->keyspaces[shard], *self->map.snapshot(), shard));
            } catch (const std::exception& e) {
                done(std::string("-ERR ") + e.what() + "\r\n");
            }
        });
    }

    void republish() {
        {
            std::lock_guard lock(publish_mu);
            const auto [committed, target] = book->current();
            map.publish(cluster_map_of(*committed, target.get(), ports));
        }
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            runtime.post(nodes[i], [self = shared_from_this(), i](Node&, Context&) { self->sweep(i); });
        }
    }

    /// On shard's thread: its outside keys in slots leaving it go to their new owner.
    void sweep(std::size_t shard) {
        const auto m = map.snapshot();
        OutsideKeyspace& ks = *keyspaces[shard];
        for (const std::uint32_t slot : ks.slots_with_keys()) {
            const cluster::SlotMigration* moving = m->migration(slot);
            const auto owner = m->owner(slot);
            std::size_t to = 0;
            if (moving && moving->from == shard) to = moving->to;
            else if (owner && *owner != shard && !(moving && moving->to == shard)) to = *owner;
            else continue;
            for (std::string& key : ks.keys_in_slot(slot, std::size_t(-1) >> 1)) move_key(shard, to, std::move(key));
        }
    }

    /// On from's thread: copy the key to `to`, then drop it here unless it changed meanwhile.
    void move_key(std::size_t from, std::size_t to, std::string key) {
        auto row = keyspaces[from]->row(key);
        if (!row) return;
        runtime.post(nodes[to], [self = shared_from_this(), from, to, r = *row](Node&, Context&) {
            self->keyspaces[to]->put(r);
            self->runtime.post(self->nodes[from], [self, from, to, r](Node&, Context&) {
                const auto now = self->keyspaces[from]->row(r.key);
                if (now == std::optional<OutsideRow>(r)) {
                    self->keyspaces[from]->del(r.key);
                } else if (now) {
                    self->move_key(from, to, r.key);  // written meanwhile: copy the newer value
                } else {  // deleted (or expired) here meanwhile: the copy must not bring it back
                    self->runtime.post(self->nodes[to], [self, to, r](Node&, Context&) {
                        if (self->keyspaces[to]->row(r.key) == std::optional<OutsideRow>(r)) self->keyspaces[to]->del(r.key);
                    });
                }
            });
        });
    }
};

ClusterDoor::ClusterDoor(Runtime& runtime, std::shared_ptr<MapBook> book, std::vector<std::shared_ptr<SqlitePool>> dbs)
    : st_(std::make_shared<State>(runtime, std::move(book))) {
    for (std::size_t i = 0; i < dbs.size(); ++i) {
        st_->keyspaces.push_back(std::make_unique<OutsideKeyspace>(dbs[i]));
        st_->nodes.push_back(runtime.lookup(shard_name(int(i) + 1)));
    }
}

ClusterDoor::~ClusterDoor() { stop(); }

void ClusterDoor::start() {
    State& st = *st_;
    for (std::size_t i = 0; i < st.nodes.size(); ++i) {
        std::weak_ptr<State> weak = st_;
        st.servers.push_back(std::make_unique<resp::AsyncRespServer>(
            resp::AsyncRespServerOptions{},
            [weak, i](std::vector<std::string> args, resp::ClientSession& session, resp::Reply done) {
                if (auto self = weak.lock()) self->dispatch(i, std::move(args), session, std::move(done));
            }));
        st.servers.back()->start();
        st.ports.push_back(st.servers.back()->port());
    }
    st.open = true;
    st.republish();
    st.book->set_on_change([weak = std::weak_ptr<State>(st_)] {
        if (auto self = weak.lock()) self->republish();
    });
}

void ClusterDoor::stop() {
    State& st = *st_;
    if (!st.open) return;
    st.open = false;
    st.book->set_on_change({});  // waits for a republish under way
    for (auto& server : st.servers) server->stop();
}

std::vector<ServiceEndpoint> ClusterDoor::endpoints() const {
    std::vector<ServiceEndpoint> out;
    if (!st_->open) return out;
    for (std::size_t i = 0; i < st_->ports.size(); ++i) {
        const std::string port = std::to_string(st_->ports[i]);
        out.push_back({shard_name(int(i) + 1), "redis", "127.0.0.1:" + port, "redis-cli -c -p " + port});
    }
    return out;
}

std::shared_ptr<const cluster::ClusterMap> ClusterDoor::map() const { return st_->map.snapshot(); }

}  // namespace archlab::partlab
