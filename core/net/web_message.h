#pragma once
// An HTTP request and its response as they travel inside a cluster, from the front door (or
// a lab's own workload node) through the balancer to an app node and back. The front door
// turns real HTTP into these; nodes never see a socket.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace archlab::net {

/// Message types of the web path; labs using it keep their own types away from these.
enum WebMsgType : std::uint16_t {
    kWebRequest = 100,   ///< front door / workload -> lb -> app node
    kWebResponse = 101,  ///< app node -> lb -> front door / workload
};

struct WebRequest {
    std::string method = "GET";  ///< "GET", "POST", ...
    std::string target = "/";    ///< path and query, as sent
    std::string key;             ///< affinity key: header X-Archlab-Key, else query ?key=, else ""
    std::string cookie;          ///< the Cookie header as sent, "" = none
    std::string authorization;   ///< the Authorization header as sent, "" = none
    std::string body;            ///< request body bytes
    std::uint64_t user = 0;      ///< the workload's user id; 0 for requests from outside
    std::int64_t sent_ns = 0;    ///< when the originator sent it, runtime clock (0 = unknown)
};

struct WebResponse {
    std::uint16_t status = 200;              ///< HTTP status
    std::string node;                        ///< node that served it ("node-2"); "" when none did
    std::string set_cookie;                  ///< Set-Cookie header value, "" = none
    std::string content_type = "text/plain"; ///< Content-Type header value
    std::string body;                        ///< response body bytes
    std::string cause;                       ///< why it failed or was refused ("no-node-alive", "timeout",
                                             ///< "session-lost", "token-tampered"); "" on success
};

/// Length-prefixed binary encodings for Message::body.
std::string encode(const WebRequest& request);
std::string encode(const WebResponse& response);
/// nullopt when the bytes are not a whole, well-formed encoding.
std::optional<WebRequest> decode_web_request(std::string_view bytes);
std::optional<WebResponse> decode_web_response(std::string_view bytes);

}  // namespace archlab::net
