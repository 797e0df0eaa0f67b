#pragma once
// The fingerprint of a simulated run: a running 64-bit hash of its ordered event trace
// (deliveries, drops, timers, job ends, faults, node state changes). Same trace, same hash, on
// any machine: only fixed-width integers and bytes are mixed, never pointers or std::hash.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace archlab {

class TraceHash {
public:
    /// What happened, the first word mixed for each event.
    enum Event : std::uint64_t {
        Deliver = 1, Drop, Timer, JobDone, Post, Kill, Restart, Pause, Resume, Slow, LinkFaults, Partition,
    };

    void event(Event e, std::uint64_t at_ns, std::uint64_t node) {
        mix(e);
        mix(at_ns);
        mix(node);
        ++events_;
    }
    void mix(std::uint64_t v) {
        // splitmix64's finaliser on (state + word): cheap, and every input bit reaches every output bit.
        std::uint64_t z = state_ + v + 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        state_ = z ^ (z >> 31);
    }
    void bytes(std::string_view b) {
        mix(b.size());
        std::size_t i = 0;
        for (; i + 8 <= b.size(); i += 8) {
            std::uint64_t w;
            std::memcpy(&w, b.data() + i, 8);
            mix(w);
        }
        if (i < b.size()) {
            std::uint64_t w = 0;
            std::memcpy(&w, b.data() + i, b.size() - i);
            mix(w);
        }
    }
    std::uint64_t value() const { return state_; }
    std::uint64_t events() const { return events_; }
    /// 16 lowercase hex digits.
    std::string hex() const {
        static const char* digits = "0123456789abcdef";
        std::string s(16, '0');
        for (int i = 0; i < 16; ++i) s[static_cast<std::size_t>(15 - i)] = digits[(state_ >> (4 * i)) & 0xf];
        return s;
    }

private:
    std::uint64_t state_ = 0;
    std::uint64_t events_ = 0;
};

}  // namespace archlab
