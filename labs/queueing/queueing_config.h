#pragma once
// The queueing lab's settings as the nodes read them. Knobs that apply live are atomics.
#include <atomic>
#include <cstdint>
#include <string>

namespace archlab::queueing {

enum class Dispatch : int { SharedQueue, RoundRobin, Random, LeastConnections };
enum class ServiceDistKind : int { Exponential, Constant, Lognormal };
enum class Compression : int { None, Zlib, Zstd };

Dispatch parse_dispatch(const std::string& s);
const char* to_string(Dispatch d);
ServiceDistKind parse_service_dist(const std::string& s);
Compression parse_compression(const std::string& s);

/// Shape of the lognormal service distribution (sigma of the log): its CV is about 1.31.
inline constexpr double kLognormalSigma = 1.0;

struct QueueingConfig {
    std::atomic<double> arrival_rps{1000.0};   ///< open-loop Poisson rate, requests/s (live)
    std::atomic<int> dispatch{0};              ///< Dispatch (live)
    double service_ms = 2.0;                   ///< mean worker service time, ms
    ServiceDistKind service_dist = ServiceDistKind::Exponential;
    int workers = 4;
    int threads_per_worker = 1;
    bool db_lock = false;                      ///< one lock around the database: queries run one at a time
    int db_batch = 1;                          ///< items per database query
    int db_items = 1;                          ///< database items each request reads
    double db_ms = 0.1;                        ///< cost of one database query (parse, plan, I/O), ms
    bool log_sync = false;                     ///< true: write + fdatasync each log line on the worker thread
    Compression compression = Compression::None;
    int payload_bytes = 1024;                  ///< response size before compression, bytes
    bool static_cache = true;                  ///< static requests served from worker memory
    double static_share = 0.3;                 ///< share of requests asking for static data
    double timeout_ms = 1000.0;                ///< balancer gives up on a request after this long
    std::atomic<int> queue_limit{1000};        ///< most requests waiting in any one queue; more are shed (live)
    std::atomic<double> queue_timeout_ms{1000.0};  ///< a request waiting longer than this is dropped unserved, ms (live)
    std::atomic<bool> stopping{false};         ///< client stops sending new requests

    Dispatch current_dispatch() const { return static_cast<Dispatch>(dispatch.load(std::memory_order_relaxed)); }
};

}  // namespace archlab::queueing
