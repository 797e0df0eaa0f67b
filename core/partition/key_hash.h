#pragma once
// The hashes the partitioners use, each a published definition another implementation can
// reproduce bit for bit.
//
// key_hash64(bytes) = splitmix64_mix(fnv1a64(bytes)): 64-bit FNV-1a (offset basis
// 14695981039346656037, prime 1099511628211), then the splitmix64 finaliser
// (z ^= z >> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >> 27; z *= 0x94d049bb133111eb; z ^= z >> 31).
// FNV-1a alone leaves its low bits depending only on the low bits of each byte (bad for
// "modulo N" with N a power of two); the finaliser spreads every input bit over every output
// bit. (lb::stable_hash looks alike but starts from 1469598103934665603, not FNV's offset
// basis, so its values differ from these.)
#include <cstdint>
#include <string_view>

namespace archlab::partition {

/// 64-bit FNV-1a of the bytes.
std::uint64_t fnv1a64(std::string_view bytes);
/// The splitmix64 finaliser (a bijection on 64-bit values with full avalanche).
std::uint64_t splitmix64_mix(std::uint64_t z);
/// The key hash every hash partitioner uses: splitmix64_mix(fnv1a64(bytes)).
std::uint64_t key_hash64(std::string_view bytes);
/// CRC-16/XMODEM of the bytes: polynomial 0x1021, initial value 0, no reflection, no final
/// XOR (check value: "123456789" -> 0x31C3). The CRC Redis Cluster uses for its hash slots.
std::uint16_t crc16_xmodem(std::string_view bytes);

}  // namespace archlab::partition
