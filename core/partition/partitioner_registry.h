#pragma once
// Partitioners by name. Filled by one explicit call, register_builtin_partitioners(), never by
// static initialisers (a static library would drop them).
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/partition/partitioner.h"

namespace archlab::partition {

/// Knobs a partitioner may read when it is built.
struct PartitionerOptions {
    int virtual_nodes = 160;  ///< consistent-hash: points per shard on the ring (>= 1)
};

using PartitionerFactory = std::function<std::unique_ptr<Partitioner>(const PartitionerOptions&)>;

/// One registered partitioner.
struct PartitionerInfo {
    std::string name;         ///< as typed on the command line: "consistent-hash"
    std::string summary;      ///< one line for help texts
    PartitionerFactory make;  ///< builds a fresh partitioner with no shards
};

class PartitionerRegistry {
public:
    /// Adds a partitioner; throws std::logic_error when the name is taken or empty.
    void add(std::string name, std::string summary, PartitionerFactory make);
    /// Builds the named partitioner (no shards yet); throws InputError listing the known names.
    std::unique_ptr<Partitioner> create(std::string_view name, const PartitionerOptions& options = {}) const;
    /// nullptr when no partitioner has that name.
    const PartitionerInfo* find(std::string_view name) const;
    /// Names in registration order.
    std::vector<std::string> names() const;

private:
    std::vector<PartitionerInfo> partitioners_;  ///< in registration order (few: a linear search is fine)
};

/// Registers the six built-in partitioners.
void register_builtin_partitioners(PartitionerRegistry& registry);

/// A registry holding every built-in partitioner, made once on first use.
const PartitionerRegistry& builtin_partitioners();

}  // namespace archlab::partition
