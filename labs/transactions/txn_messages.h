#pragma once
// What the transactions lab's nodes say to one another: one packed header for every message
// (the order, the local operation asked for or answered, its result), and the text form of an
// order carried in broker events ("order=12 account=3 item=7 qty=2 amount=30"), readable in
// redis-cli.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace archlab::txnlab {

enum MsgType : std::uint16_t {
    kPlaceOrder = 1,  ///< client -> entry node (coordinator, orchestrator or order service)
    kOrderDone,       ///< entry node -> client: result = Outcome
    kStep,            ///< orchestrator -> service: run op as a local transaction
    kStepReply,       ///< service -> orchestrator: result of that op
    kPrepare,         ///< 2pc coordinator -> participant
    kVote,            ///< participant -> coordinator: result Ok = yes
    kDecision,        ///< coordinator -> participant: op Commit or Abort
    kDecisionAck,     ///< participant -> coordinator: decision applied
    kInquire,         ///< in-doubt participant -> coordinator: what was decided?
};

/// A local operation of a service.
enum class Op : std::uint8_t {
    None = 0,
    Do = 1,       ///< saga step forward (create, charge, reserve, schedule)
    Undo = 2,     ///< its compensation (compensate, refund, release, cancel)
    Finish = 3,   ///< after every step succeeded (inventory ships the reservation, order completes)
    Prepare = 4,  ///< 2pc: check, record as prepared, keep the row locked
    Commit = 5,   ///< 2pc: apply what was prepared
    Abort = 6,    ///< 2pc: forget what was prepared
};
const char* to_string(Op op);

enum class Result : std::uint8_t {
    None = 0,
    Ok = 1,
    Declined = 2,    ///< payment: insufficient funds
    OutOfStock = 3,  ///< inventory: not enough on hand
    Refused = 4,     ///< shipment: address refused
    Cancelled = 5,   ///< a forward step that arrived after its compensation
};
const char* to_string(Result r);

/// What the client is told at the end of an order. Refused: the entry node already had
/// max_open_orders open and took nothing of it (answered at once, nothing written).
enum class Outcome : std::uint8_t { Completed = 1, Compensated = 2, Refused = 3 };

struct OrderFields {
    std::uint64_t order_id = 0;
    std::int64_t amount = 0;    ///< money units charged: qty * item price
    std::uint32_t account = 0;
    std::uint32_t item = 0;
    std::uint32_t qty = 0;
    std::uint32_t pad = 0;
};

/// The header of every lab message.
struct TxnHeader {
    OrderFields order;
    std::uint8_t op = 0;       ///< Op
    std::uint8_t result = 0;   ///< Result (kStepReply, kVote) or Outcome (kOrderDone)
    std::uint8_t service = 0;  ///< Service that answers (kStepReply, kVote, kDecisionAck)
    std::uint8_t pad[5] = {};
};

/// The body of a kOrderDone refusing order_id (Outcome::Refused).
std::string refusal_body(std::uint64_t order_id);

/// "order=12 account=3 item=7 qty=2 amount=30".
std::string order_text(const OrderFields& o);
std::optional<OrderFields> parse_order_text(std::string_view text);

}  // namespace archlab::txnlab
