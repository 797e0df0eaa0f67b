#pragma once
// What the fuzz targets share: a property check that stops the run, and a cursor that splits
// one fuzz input into the small choices and byte strings a target needs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace archlab::fuzz {

/// A property does not hold: say which, then abort, so libFuzzer keeps the input as a crash
/// and a corpus replay fails.
[[noreturn]] inline void property_failed(const char* property, const std::string& detail, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: property failed: %s\n  %s\n", file, line, property, detail.c_str());
    std::fflush(stderr);
    std::abort();
}

/// Takes an input apart front to back; past the end every read gives zeros and empty strings.
class InputCursor {
public:
    InputCursor(const std::uint8_t* data, std::size_t size)
        : bytes_(reinterpret_cast<const char*>(data), size) {}

    bool empty() const { return pos_ >= bytes_.size(); }
    std::uint8_t byte() { return empty() ? 0 : static_cast<std::uint8_t>(bytes_[pos_++]); }
    /// A choice from 0 to n-1 (n > 0).
    std::size_t pick(std::size_t n) { return byte() % n; }
    /// The bytes up to the next `separator` (consumed, not returned), or to the end.
    std::string_view until(char separator) {
        const std::size_t start = std::min(pos_, bytes_.size());
        const std::size_t end = std::min(bytes_.find(separator, start), bytes_.size());
        pos_ = end + 1;
        return bytes_.substr(start, end - start);
    }
    /// Everything not read yet.
    std::string_view rest() {
        const std::size_t start = std::min(pos_, bytes_.size());
        pos_ = bytes_.size();
        return bytes_.substr(start);
    }

private:
    std::string_view bytes_;  ///< the whole input
    std::size_t pos_ = 0;     ///< next unread byte
};

/// A 64-bit FNV-1a hash: the targets derive their split points and set-ups from the input itself,
/// so every corpus file stays plain protocol bytes.
inline std::uint64_t input_hash(std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

}  // namespace archlab::fuzz

/// Checks a property of the code under test; `detail` (a std::string expression) is evaluated
/// only when it fails.
#define FUZZ_CHECK(cond, detail) \
    ((cond) ? static_cast<void>(0) : ::archlab::fuzz::property_failed(#cond, (detail), __FILE__, __LINE__))
