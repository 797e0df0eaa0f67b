#pragma once
// A node's role as written where room is short: "removed from the pool" becomes "out of pool"
// (a chart legend's line, a small topology box); the other roles are one word already.
#include <string>

#include <QString>

namespace archlab {

/// The short form of a kNodeRole* word (the word itself when it has none).
QString short_role_text(const std::string& role);

}  // namespace archlab
