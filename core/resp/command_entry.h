#pragma once
// One command's entry in COMMAND / COMMAND INFO, as Redis 7 shapes it for RESP2 clients:
// [name, arity, [flags as status replies], first key, last key, step]. Every command table
// (the cache node's, the cluster shard's) writes its entries here.
#include <string_view>

#include "core/resp/resp_writer.h"

namespace archlab::resp {

/// flags: space-separated ("readonly fast").
void write_command_entry(RespWriter& out, std::string_view name, int arity, std::string_view flags, int first_key,
                         int last_key, int key_step);

}  // namespace archlab::resp
