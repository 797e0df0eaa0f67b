#include "app/cli/hash_command.h"

#include <charconv>
#include <cstdint>
#include <iostream>
#include <memory>

#include "core/lab/printable_text.h"
#include "core/lab/settings.h"
#include "core/partition/hash_slot.h"
#include "core/partition/jump_hash.h"
#include "core/partition/partitioner_registry.h"

namespace archlab::cli {
namespace {

constexpr std::int64_t kMaxShards = 10000;          ///< shard-based algorithms build a structure per shard
constexpr std::int64_t kMaxJumpBuckets = 2147483647;  ///< jump takes an int32 bucket count

/// The whole text as a base-10 or 0x base-16 unsigned 64-bit number, or nothing.
bool parse_u64(const std::string& text, std::uint64_t& out) {
    const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const char* first = text.data() + (hex ? 2 : 0);
    const char* last = text.data() + text.size();
    if (first == last) return false;
    const auto [end, ec] = std::from_chars(first, last, out, hex ? 16 : 10);
    return ec == std::errc() && end == last;
}

std::int64_t parse_buckets(const std::string& text, std::int64_t max) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 1 || n > max) {
        throw InputError("--buckets '" + printable_text(text) + "': need a whole number 1.." + std::to_string(max));
    }
    return n;
}

int run(const HashOptions& o) {
    using namespace archlab::partition;
    const PartitionerRegistry& registry = builtin_partitioners();
    if (registry.find(o.algo) == nullptr) registry.create(o.algo);  // throws, listing the known names

    if (o.algo == "hash-slot") {
        if (!o.buckets.empty() && o.buckets != "16384") {
            throw InputError("--buckets '" + printable_text(o.buckets) + "': hash-slot always has 16384 slots");
        }
        for (const std::string& key : o.keys) std::cout << hash_slot(key) << '\n';
        return 0;
    }
    if (o.buckets.empty()) throw InputError("--buckets N is needed for " + o.algo);

    if (o.algo == "jump") {
        const auto buckets = static_cast<std::int32_t>(parse_buckets(o.buckets, kMaxJumpBuckets));
        std::vector<std::uint64_t> keys;  // all checked before any output
        for (const std::string& key : o.keys) {
            std::uint64_t k = 0;
            if (!parse_u64(key, k)) {
                throw InputError("jump key '" + printable_text(key) +
                                 "': need an unsigned 64-bit number, decimal or 0x hex (0..18446744073709551615)");
            }
            keys.push_back(k);
        }
        for (const std::uint64_t k : keys) std::cout << jump_consistent_hash(k, buckets) << '\n';
        return 0;
    }

    const std::int64_t shards = parse_buckets(o.buckets, kMaxShards);
    PartitionerOptions options;
    options.virtual_nodes = o.virtual_nodes;
    const std::unique_ptr<Partitioner> partitioner = registry.create(o.algo, options);
    for (std::int64_t s = 0; s < shards; ++s) partitioner->add_shard("shard-" + std::to_string(s));
    for (const std::string& key : o.keys) std::cout << partitioner->shard_index(key) << '\n';
    return 0;
}

}  // namespace

int hash_keys(const HashOptions& options) {
    try {
        return run(options);
    } catch (const InputError& e) {
        std::cerr << "archlab-cli: " << printable_text(e.what()) << '\n';
        return 2;
    }
}

}  // namespace archlab::cli
