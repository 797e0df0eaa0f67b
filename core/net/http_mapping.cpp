#include "core/net/http_mapping.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>

namespace archlab::net {

namespace http = boost::beast::http;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// %XX and '+' decoded; a broken escape is kept as written.
std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
                   hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// Header values from node code are not trusted to be one line: CR and LF would split the
/// header, and any other control byte (NUL, DEL ...) makes the response one a client refuses.
std::string one_line(std::string_view v) {
    std::string out(v);
    for (char& c : out)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == '\x7f') c = ' ';
    return out;
}

std::string_view view(boost::beast::string_view v) { return {v.data(), v.size()}; }

}  // namespace

std::optional<std::string> query_param(std::string_view target, std::string_view name) {
    const std::size_t q = target.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    std::string_view query = target.substr(q + 1);
    if (const std::size_t hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (percent_decode(pair.substr(0, eq)) == name)
            return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

WebRequest to_web_request(const HttpRequest& request) {
    WebRequest r;
    r.method = std::string(view(request.method_string()));
    r.target = std::string(view(request.target()));
    const auto key = request.find(boost::beast::string_view(kKeyHeader.data(), kKeyHeader.size()));
    if (key != request.end()) r.key = std::string(view(key->value()));
    else r.key = query_param(r.target, "key").value_or(std::string());
    if (const auto c = request.find(http::field::cookie); c != request.end()) r.cookie = std::string(view(c->value()));
    if (const auto a = request.find(http::field::authorization); a != request.end())
        r.authorization = std::string(view(a->value()));
    r.body = request.body();
    return r;
}

HttpResponse to_http_response(const WebResponse& response, unsigned version, bool keep_alive, bool head) {
    HttpResponse res;
    res.version(version);
    // An answer's status is a final one, 200..599 (1xx are interim only: a client would read
    // the body as the next response). Anything else is the cluster's bug, not the client's:
    // say so as a bad gateway.
    const bool valid = response.status >= 200 && response.status <= 599;
    // 204 and 304 carry no body: Beast refuses to frame one (prepare_payload throws).
    const bool bodiless = response.status == 204 || response.status == 304;
    res.result(valid ? response.status : 502u);
    res.set(http::field::server, "archlab");
    res.set(http::field::content_type, one_line(response.content_type.empty() ? "text/plain" : response.content_type));
    if (!response.node.empty()) res.set(boost::beast::string_view(kNodeHeader.data(), kNodeHeader.size()), one_line(response.node));
    if (!response.set_cookie.empty()) res.set(http::field::set_cookie, one_line(response.set_cookie));
    if (!response.cause.empty()) res.set(boost::beast::string_view(kCauseHeader.data(), kCauseHeader.size()), one_line(response.cause));
    if (!valid) res.body() = "bad status from the cluster: " + std::to_string(response.status) + "\n";
    else if (response.body.empty() && response.status >= 400)
        res.body() = std::to_string(response.status) + " " + std::string(view(res.reason())) +
                     (response.cause.empty() ? std::string() : ": " + response.cause) + "\n";
    else if (!bodiless) res.body() = response.body;
    res.keep_alive(keep_alive);
    res.prepare_payload();
    if (head) res.body().clear();  // Content-Length stays the size of the body a GET would get
    return res;
}

HttpResponse door_response(unsigned status, std::string_view cause, unsigned version, bool keep_alive) {
    WebResponse r;
    r.status = static_cast<std::uint16_t>(status);
    r.cause = std::string(cause);
    return to_http_response(r, version, keep_alive, false);
}

}  // namespace archlab::net
