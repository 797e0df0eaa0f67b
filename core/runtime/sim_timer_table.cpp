#include "core/runtime/sim_timer_table.h"

#include <utility>

namespace archlab {

bool SimTimerTable::erase(TimerId id, SimEventKey* removed) {
    if (id == 0 || entries_.empty()) return false;
    std::size_t hole = home(id);
    while (entries_[hole].id != id) {
        if (entries_[hole].id == 0) return false;
        hole = (hole + 1) & mask();
    }
    if (removed) *removed = entries_[hole].event;
    // Backward shift: pull later cells of the probe run into the hole when their home allows it.
    for (std::size_t j = (hole + 1) & mask(); entries_[j].id != 0; j = (j + 1) & mask()) {
        const std::size_t want = home(entries_[j].id);
        const bool stays = hole <= j ? (hole < want && want <= j) : (hole < want || want <= j);
        if (!stays) {
            entries_[hole] = entries_[j];
            hole = j;
        }
    }
    entries_[hole] = Entry{};
    --size_;
    return true;
}

void SimTimerTable::clear() {
    for (Entry& e : entries_) e = Entry{};
    size_ = 0;
}

void SimTimerTable::grow() {
    std::vector<Entry> old = std::move(entries_);
    const std::size_t cells = old.empty() ? 8 : 2 * old.size();
    entries_.assign(cells, Entry{});
    shift_ = 64;
    for (std::size_t c = cells; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (const Entry& e : old) {
        if (e.id != 0) insert(e.id, e.event);
    }
}

}  // namespace archlab
