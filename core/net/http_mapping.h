#pragma once
// HTTP on the wire <-> the WebRequest/WebResponse that travel inside the cluster.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/net/web_message.h"

namespace archlab::net {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

/// Header naming the node that served a response.
inline constexpr std::string_view kNodeHeader = "X-Archlab-Node";
/// Header carrying the affinity key of a request (wins over the ?key= query parameter).
inline constexpr std::string_view kKeyHeader = "X-Archlab-Key";
/// Header carrying WebResponse::cause when a request failed or was refused.
inline constexpr std::string_view kCauseHeader = "X-Archlab-Cause";

/// The percent-decoded value of `name` in the query of `target` ("/p?a=1&key=x"); nullopt if absent.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

/// Method, target, key (header, else ?key=), Cookie, Authorization and body of an HTTP request.
WebRequest to_web_request(const HttpRequest& request);

/// The HTTP response for a WebResponse: status, body, X-Archlab-Node, Set-Cookie, Content-Type,
/// and for a failure with no body a short one naming the cause. For a HEAD request the body is
/// left out but Content-Length still gives its size.
HttpResponse to_http_response(const WebResponse& response, unsigned version, bool keep_alive, bool head);

/// A response made by the front door itself (400, 413, 431 ...): a one-line body naming the cause.
HttpResponse door_response(unsigned status, std::string_view cause, unsigned version, bool keep_alive);

}  // namespace archlab::net
