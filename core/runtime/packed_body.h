#pragma once
// Message bodies made of a fixed-layout header struct followed by an optional tail of bytes.
// Every node of a run lives in one process on one machine, so the struct's own bytes are the
// wire form (no byte-order or padding conversion is needed between sender and receiver).
// Headers have no padding (explicit `pad` members instead): padding bytes hold whatever was in
// memory, and a body's bytes go into a virtual run's fingerprint, which must not vary.
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace archlab {

/// Header bytes followed by an optional tail.
template <class T>
std::string pack(const T& h, std::string_view tail = {}) {
    static_assert(std::is_trivially_copyable_v<T>);
    static_assert(std::has_unique_object_representations_v<T>, "a packed header must have no padding: add pad members");
    std::string out(sizeof(T) + tail.size(), '\0');
    std::memcpy(out.data(), &h, sizeof(T));
    if (!tail.empty()) std::memcpy(out.data() + sizeof(T), tail.data(), tail.size());
    return out;
}

/// Reads the header; false when the body is too short. tail (optional) gets the rest.
template <class T>
bool unpack(std::string_view body, T& h, std::string_view* tail = nullptr) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (body.size() < sizeof(T)) return false;
    std::memcpy(&h, body.data(), sizeof(T));
    if (tail) *tail = body.substr(sizeof(T));
    return true;
}

}  // namespace archlab
