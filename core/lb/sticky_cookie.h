#pragma once
// The sticky-session cookie: "archlab_node=node-2" names the node holding a user's session.
#include <string>
#include <string_view>

namespace archlab::lb {

inline constexpr std::string_view kStickyCookie = "archlab_node";

/// The value of cookie `name` in a Cookie header ("a=1; b=2"); "" when absent.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);
/// The node named by the sticky cookie in a Cookie header ("a=1; archlab_node=node-2"); "" if none.
std::string_view sticky_node(std::string_view cookie_header);
/// Set-Cookie value pinning a user to a node.
std::string sticky_set_cookie(std::string_view node);

}  // namespace archlab::lb
