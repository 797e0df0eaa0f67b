#pragma once
// Counters and gauges written on hot paths and read by the sampler, lock-free.
#include <atomic>
#include <cstdint>

namespace archlab {

/// Monotonic count (requests, errors, hits ...).
class Counter {
public:
    void add(std::uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const { return v_.load(std::memory_order_relaxed); }
private:
    std::atomic<std::uint64_t> v_{0};
};

/// A level that goes up and down (queue length, busy threads ...).
class Gauge {
public:
    void set(double v) { v_.store(v, std::memory_order_relaxed); }
    void add(double d) {
        double cur = v_.load(std::memory_order_relaxed);
        while (!v_.compare_exchange_weak(cur, cur + d, std::memory_order_relaxed)) {}
    }
    double value() const { return v_.load(std::memory_order_relaxed); }
private:
    std::atomic<double> v_{0.0};
};

}  // namespace archlab
