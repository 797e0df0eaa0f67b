#pragma once
// An independent reading of libCacheSim's oracleGeneral records (24 bytes, little-endian:
// u32 time, u64 id, u32 size, i64 next access), that the oracle and zstd targets hold the
// reader to.
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/cache/trace_reader.h"

namespace archlab::fuzz {

struct OracleExpectation {
    std::vector<cache::TraceRequest> requests;  ///< records of non-zero size, in order
    std::uint64_t skipped = 0;                  ///< records of size 0 before the end or the error
    bool error = false;                         ///< a bad next-access time, or a partial record at the end
};

inline std::uint64_t little_endian(const unsigned char* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

inline OracleExpectation expect_oracle(std::string_view bytes, std::size_t max_requests) {
    OracleExpectation e;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t at = 0;
    for (; at + cache::kOracleRecordBytes <= bytes.size(); at += cache::kOracleRecordBytes) {
        if (e.requests.size() == max_requests) return e;
        const std::uint64_t next_raw = little_endian(p + at + 16, 8);
        std::int64_t next_access = 0;
        std::memcpy(&next_access, &next_raw, sizeof next_access);
        if (next_access < -1) {
            e.error = true;
            return e;
        }
        cache::TraceRequest r;
        r.key = little_endian(p + at + 4, 8);
        r.size = little_endian(p + at + 12, 4);
        if (r.size == 0) ++e.skipped;
        else e.requests.push_back(r);
    }
    e.error = at != bytes.size();
    return e;
}

}  // namespace archlab::fuzz
