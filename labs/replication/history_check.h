#pragma once
// The clients' records as a Jepsen history, and the linearizability verdicts the lab shows:
// one for the whole run and one per sampling window. Both go through the core checker.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <ostream>
#include <vector>

#include "core/consistency/checker.h"
#include "labs/replication/op_history.h"

namespace archlab::replication {

/// Every invocation and completion in the order the client recorded them. Reads that return
/// nothing give nil; compare-and-set of an absent key expects nil. Operations still pending
/// (or timed out) have no completion / an :info one.
consistency::History to_history(const std::vector<OpRecord>& ops);

/// The history of window ops[from, to) (ops are in invocation order), checkable on its own.
/// Initial-state assumption: each key the window touches starts as the value of one of the
/// writes that may have been the last one acknowledged before the window's first invocation
/// (the latest-completing write and every write overlapping it, as concurrent synthetic writes;
/// nil if none), so the checker may pick any of them. Earlier operations still in flight when
/// the window opens are included as they were, and so are earlier writes with unknown outcome
/// whose value a read of the window returned or a compare-and-set of it found (the others
/// cannot change the verdict).
consistency::History window_history(const std::vector<OpRecord>& ops, std::size_t from, std::size_t to);
/// The same over the recorder's memory (OpRecorder::next_window): the window's records and what
/// later windows need of the earlier ones; the same history as from every record.
consistency::History window_history(const RecorderView& view, std::size_t from, std::size_t to);

/// true / false, or nullopt when the check ran out of time.
std::optional<bool> verdict_of(const consistency::CheckResult& result);

/// Runs the register model (key by key) on the history within the wall-time budget, or, when
/// max_steps > 0, within that many search steps instead (the same verdict on any machine).
consistency::CheckResult check_register(const consistency::History& history, std::chrono::milliseconds budget,
                                        std::uint64_t max_steps = 0);

/// Makes the verdict agree with the lost-write rule: when acknowledged writes are missing from
/// the final primary's database (`lost`, from lost_writes()), the run is not linearizable, even
/// where the clients' history alone looks so or was not decided; the explanation names the first.
void agree_with_lost_writes(consistency::CheckResult& result, const std::vector<const OpRecord*>& lost);

/// Writes the history as EDN maps, one per line, keys as jepsen.independent writes them
/// ({:process 0, :type :ok, :f :read, :value [3 17], :time 12}; cas :value [3 [1 2]]), the form
/// Knossos's independent checker and check-history read. Keys are the lab's integer keys.
void write_history(std::ostream& out, const consistency::History& history);

}  // namespace archlab::replication
