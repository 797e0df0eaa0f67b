// Fuzz target: HTTP requests behind the front door (core/net): the bytes a client sends, parsed
// as HttpConnection parses them (Beast's request parser with the door's header and body limits,
// pipelined requests one after another), mapped into the cluster's WebRequest, and the answer
// mapped back to HTTP.
// Properties:
//  - a refused request is refused with the status the door gives (400, 413 or 431);
//  - the WebRequest holds the request's method, target, body, Cookie and Authorization; its key
//    is the X-Archlab-Key header, else the ?key= parameter;
//  - a WebRequest and a WebResponse survive the cluster's encoding unchanged;
//  - the HTTP response made from an answer carrying the client's own bytes (key as node name,
//    percent-decoded CR/LF included) parses back as one response with the same status, headers
//    and body: nothing from inside the cluster splits a header or a response;
//  - the cluster's decoders take any bytes: what they accept re-encodes to exactly those bytes.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "core/net/http_door_config.h"
#include "core/net/http_mapping.h"
#include "core/net/web_message.h"
#include "tests/fuzz/support/fuzz_check.h"

using namespace archlab::net;
using namespace archlab::fuzz;
namespace http = boost::beast::http;

namespace {

std::string text(boost::beast::string_view v) { return std::string(v.data(), v.size()); }

bool operator_eq(const WebRequest& a, const WebRequest& b) {
    return a.method == b.method && a.target == b.target && a.key == b.key && a.cookie == b.cookie &&
           a.authorization == b.authorization && a.body == b.body && a.user == b.user && a.sent_ns == b.sent_ns;
}

bool operator_eq(const WebResponse& a, const WebResponse& b) {
    return a.status == b.status && a.node == b.node && a.set_cookie == b.set_cookie &&
           a.content_type == b.content_type && a.body == b.body && a.cause == b.cause;
}

/// A header value as it reads back from the wire: control bytes but tab made spaces, outer
/// spaces and tabs trimmed.
std::string as_sent(std::string v) {
    for (char& c : v)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == '\x7f') c = ' ';
    const std::size_t b = v.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return v.substr(b, v.find_last_not_of(" \t") - b + 1);
}

std::string header(const HttpResponse& r, std::string_view name) {
    const auto it = r.find(boost::beast::string_view(name.data(), name.size()));
    return it == r.end() ? std::string("(none)") : text(it->value());
}

/// The answer the cluster might give, built from the request's own bytes.
void check_answer(const HttpRequest& request, const WebRequest& web, std::uint64_t h) {
    WebResponse answer;
    answer.status = static_cast<std::uint16_t>(h);  // any number, valid or not
    answer.node = web.key;                          // percent-decoded: may hold CR and LF
    answer.set_cookie = web.cookie;
    answer.content_type = web.authorization;
    answer.cause = query_param(web.target, "cause").value_or("");
    answer.body = web.body;
    const auto decoded = decode_web_response(encode(answer));
    FUZZ_CHECK(decoded && operator_eq(*decoded, answer), std::string("WebResponse did not survive its encoding"));

    const bool head = request.method() == http::verb::head;
    const bool keep_alive = request.keep_alive();
    const HttpResponse response = to_http_response(answer, request.version(), keep_alive, head);
    std::ostringstream wire;
    wire << response;
    const std::string bytes = wire.str();

    http::response_parser<http::string_body> back;
    back.eager(true);
    back.skip(head);
    back.body_limit(bytes.size());
    boost::beast::error_code ec;
    const std::size_t used = back.put(boost::asio::buffer(bytes), ec);
    if (!ec && !back.is_done()) back.put_eof(ec);
    FUZZ_CHECK(!ec && back.is_done(), "the response does not parse: " + ec.message() + "\n" + bytes.substr(0, 300));
    FUZZ_CHECK(used == bytes.size(), "bytes after the response: " + bytes.substr(used, 100) + "\n" + bytes.substr(0, 300));
    const auto& got = back.get();
    const bool valid = answer.status >= 200 && answer.status <= 599;
    FUZZ_CHECK(got.result_int() == (valid ? answer.status : 502u), std::to_string(got.result_int()));
    FUZZ_CHECK(std::distance(got.begin(), got.end()) == std::distance(response.begin(), response.end()),
               "header count changed on the wire:\n" + bytes.substr(0, 300));
    if (!answer.node.empty())
        FUZZ_CHECK(header(got, kNodeHeader) == as_sent(answer.node), header(got, kNodeHeader));
    if (!answer.cause.empty())
        FUZZ_CHECK(header(got, kCauseHeader) == as_sent(answer.cause), header(got, kCauseHeader));
    if (!head) FUZZ_CHECK(got.body() == response.body(), std::string("the body changed on the wire"));
    const bool bodiless = answer.status == 204 || answer.status == 304;
    if (valid && !bodiless && !answer.body.empty() && !head)
        FUZZ_CHECK(got.body() == answer.body, std::string("body not passed on"));
}

void check_request(const HttpRequest& request, std::uint64_t h) {
    const WebRequest web = to_web_request(request);
    FUZZ_CHECK(web.method == text(request.method_string()), web.method);
    FUZZ_CHECK(web.target == text(request.target()), web.target);
    FUZZ_CHECK(web.body == request.body(), std::string("body"));
    const auto key_header = request.find(boost::beast::string_view(kKeyHeader.data(), kKeyHeader.size()));
    const std::string expected_key = key_header != request.end() ? text(key_header->value())
                                                                 : query_param(web.target, "key").value_or("");
    FUZZ_CHECK(web.key == expected_key, web.key);
    if (const auto c = request.find(http::field::cookie); c != request.end()) FUZZ_CHECK(web.cookie == text(c->value()), web.cookie);
    if (const auto q = query_param(web.target, "key")) FUZZ_CHECK(q->size() <= web.target.size(), *q);
    const auto decoded = decode_web_request(encode(web));
    FUZZ_CHECK(decoded && operator_eq(*decoded, web), std::string("WebRequest did not survive its encoding"));
    check_answer(request, web, h);
}

/// The status the door answers a parse error with (http_connection.cpp, on_read).
unsigned refusal_status(const boost::beast::error_code& ec) {
    if (ec == http::error::body_limit) return 413;
    if (ec == http::error::header_limit) return 431;
    return 400;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::uint64_t h = input_hash(bytes);

    // The cluster's own decoders, on any bytes.
    if (const auto r = decode_web_request(bytes)) FUZZ_CHECK(encode(*r) == bytes, std::string("request re-encoding"));
    if (const auto r = decode_web_response(bytes)) FUZZ_CHECK(encode(*r) == bytes, std::string("response re-encoding"));

    // Small limits now and then, so the 413 and 431 paths are reached by small inputs.
    HttpDoorConfig config;
    if (h & 1) {
        config.body_limit = 64;
        config.header_limit = 256;
    }
    std::string_view rest = bytes;
    for (int requests = 0; !rest.empty() && requests < 64; ++requests) {
        http::request_parser<http::string_body> parser;  // one per request, as the door does
        parser.body_limit(config.body_limit);
        parser.header_limit(static_cast<std::uint32_t>(config.header_limit));
        parser.eager(true);
        boost::beast::error_code ec;
        // As http::read does with a socket that has nothing more to give: put what there is until
        // the parser is done or asks for more (it must not be handed the same bytes again then).
        while (!parser.is_done()) {
            const std::size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
            rest.remove_prefix(used);
            if (ec || used == 0) break;
        }
        if (ec == http::error::need_more) return 0;  // cut short: the door answers 400 and maps nothing
        if (ec) {
            const unsigned status = refusal_status(ec);
            FUZZ_CHECK(ec.category() == http::make_error_code(http::error::bad_target).category() || status != 400,
                       "an error the door would not answer: " + ec.message());
            const HttpResponse refused = door_response(status, "malformed-request", 11, false);
            FUZZ_CHECK(refused.result_int() == status && !refused.keep_alive(), std::to_string(status));
            return 0;
        }
        if (!parser.is_done()) return 0;
        const HttpRequest request = parser.release();
        check_request(request, h);
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
        if (!request.keep_alive()) return 0;  // the door reads nothing after a closing request
    }
    return 0;
}
