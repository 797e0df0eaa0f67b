#include "core/partition/key_hash.h"

namespace archlab::partition {

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ULL;  // offset basis
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;  // FNV prime
    }
    return h;
}

std::uint64_t splitmix64_mix(std::uint64_t z) {
    z ^= z >> 30;
    z *= 0xbf58476d1ce4e5b9ULL;
    z ^= z >> 27;
    z *= 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return z;
}

std::uint64_t key_hash64(std::string_view bytes) { return splitmix64_mix(fnv1a64(bytes)); }

std::uint16_t crc16_xmodem(std::string_view bytes) {
    // Bit by bit, most significant bit first: short and plainly the definition; a table
    // would be faster but nothing here hashes enough bytes to notice.
    std::uint32_t crc = 0;
    for (const char c : bytes) {
        crc ^= static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 8;
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 0x8000U) != 0 ? (crc << 1) ^ 0x1021U : crc << 1;
            crc &= 0xFFFFU;
        }
    }
    return static_cast<std::uint16_t>(crc);
}

}  // namespace archlab::partition
