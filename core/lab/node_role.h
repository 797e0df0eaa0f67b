#pragma once
// Roles a lab may give its nodes (LabRun::node_role): the topology writes them on the nodes,
// chart legends beside the nodes' lines, and the run store keeps them with each sample.

namespace archlab {

inline constexpr const char* kNodeRolePrimary = "primary";
inline constexpr const char* kNodeRoleReplica = "replica";
inline constexpr const char* kNodeRoleRemoved = "removed from the pool";
inline constexpr const char* kNodeRoleDraining = "draining";

}  // namespace archlab
