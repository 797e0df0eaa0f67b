#include "labs/replication/repl_lab.h"

namespace archlab::replication {

const char* replication_explain() {
    return R"(Keeping copies of data on several machines buys availability and read capacity, and costs either latency or consistency. This lab runs a primary and replicas, each a node with its own SQLite database holding a key-value table with versions. Clients read, write and compare-and-set keys; a monitor heartbeats the data nodes and fails over when the primary goes quiet.

replication decides when a write is acknowledged. sync: once every in-sync replica applied it (slow writes, no lost writes, fresh replicas). semi-sync: once sync_replicas of them did. async: as soon as the primary applied it; the replicas follow from the primary's log, shipped every repl_batch_ms, so they lag. quorum: no primary at all; the client writes to all N nodes and waits for W acknowledgements, reads all N and answers from the first R, and rewrites the stale copies it saw (read repair). With R + W > N every read overlaps the latest write.

Everything shown is measured from outside the replication code. The clients record each operation with its start and end time (the history, written as EDN for Knossos, Elle or Porcupine too). A read is stale when it returned a version older than one whose write was acknowledged before the read began. An acknowledged write is lost when the final primary's database does not hold it and no read begun after the last failover returned it (a read of the old primary before the failover does not save it). That holds whatever state the final primary is in when the run ends: paused, slowed or cut off with no failover, it still holds every write it acknowledged, so none of them is lost (they are unavailable until it answers again), and the linearizability verdict agrees, because the operations left waiting on it end with no answer (:info) and may or may not have taken effect. The summary names that state (primary_state_at_end) and counts the acknowledged writes no replica holds (unreplicated_writes): those a failover would lose. Lag is the primary's log position minus each replica's applied position, and how much older the replica's newest write is. A replica that stops answering the primary for detect_after_ms leaves the in-sync set, so sync writes go on without it.

Things to try:
- replication=sync, read_from=replica: no stale reads, slower writes. Switch to async with repl_batch_ms 200: replica reads go stale and the history stops being linearizable.
- Kill the primary (--fault 3s:kill:primary) under async, then under sync: after the failover the summary names the new primary. Sync never loses an acknowledged write; async loses what the primary acknowledged since its last batch (raise repl_batch_ms to 200 to lose more).
- Slow a replica (--fault 2s:slow:replica-1:20ms) under sync: every write waits for it. Semi-sync with sync_replicas 1 does not.
- Cut the primary off from its replicas only (--fault 2s:cut:primary<->replica-1 and --fault 2s:cut:primary<->replica-2): the monitor still sees the primary, the replicas fall behind, and sync degrades to primary-only after detect_after_ms. Kill the primary after that and even sync loses writes.
- Partition a replica (--fault 2s:partition:replica-2) with read_from=replica: reads sent to it time out until the monitor stops listing it.
- quorum with quorum_r 1, quorum_w 1 (R + W <= N) against quorum_r 2, quorum_w 2, with jitter on the client's links so messages overtake each other (--fault 0s:jitter:client->primary:10ms, the same for replica-1 and replica-2): stale reads appear with R + W <= N and disappear with R + W > N.
- Promote a replica by hand (--fault 4s:promote:replica-2) under async: the old primary steps down and its unshipped writes are gone.
)";
}

}  // namespace archlab::replication
