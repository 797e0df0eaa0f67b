#include "labs/transactions/txn_messages.h"

#include <cinttypes>
#include <cstdio>

#include "core/runtime/packed_body.h"

namespace archlab::txnlab {

const char* to_string(Op op) {
    switch (op) {
        case Op::None: return "none";
        case Op::Do: return "do";
        case Op::Undo: return "undo";
        case Op::Finish: return "finish";
        case Op::Prepare: return "prepare";
        case Op::Commit: return "commit";
        case Op::Abort: return "abort";
    }
    return "?";
}

const char* to_string(Result r) {
    switch (r) {
        case Result::None: return "none";
        case Result::Ok: return "ok";
        case Result::Declined: return "declined";
        case Result::OutOfStock: return "out-of-stock";
        case Result::Refused: return "refused";
        case Result::Cancelled: return "cancelled";
    }
    return "?";
}

std::string refusal_body(std::uint64_t order_id) {
    TxnHeader h;
    h.order.order_id = order_id;
    h.result = static_cast<std::uint8_t>(Outcome::Refused);
    return pack(h);
}

std::string order_text(const OrderFields& o) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "order=%" PRIu64 " account=%u item=%u qty=%u amount=%" PRId64, o.order_id, o.account,
                  o.item, o.qty, o.amount);
    return buf;
}

std::optional<OrderFields> parse_order_text(std::string_view text) {
    const std::string s(text);
    OrderFields o;
    unsigned long long id = 0;
    long long amount = 0;
    unsigned account = 0, item = 0, qty = 0;
    if (std::sscanf(s.c_str(), "order=%llu account=%u item=%u qty=%u amount=%lld", &id, &account, &item, &qty, &amount) != 5) {
        return std::nullopt;
    }
    o.order_id = id;
    o.account = account;
    o.item = item;
    o.qty = qty;
    o.amount = amount;
    return o;
}

}  // namespace archlab::txnlab
