#pragma once
// Wire format of the partitioning lab's vertical layout (core/runtime/packed_body.h headers).
// client -> api: kVRequest; api -> owning service and service -> service: kVCall; answers
// kVCallReply (service -> caller) and kVRequestReply (api -> client). Message ids are the
// sender's own request or call numbers.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/packed_body.h"
#include "labs/partitioning/vertical_config.h"

namespace archlab::partlab {

enum VMsgType : std::uint16_t {
    kVRequest = 101,       ///< client -> api: VCall
    kVRequestReply = 102,  ///< api -> client: VReply
    kVCall = 103,          ///< api or service -> service: VCall [+ product ids, GetProducts]
    kVCallReply = 104,     ///< service -> caller: VReply
};

enum class VStatus : std::uint8_t {
    Ok = 0,
    NotFound = 1,  ///< a user or product the request named does not exist
    Failed = 2,    ///< a call it needed got no answer in time, or its database job was shed
};

struct VCall {
    std::uint64_t user = 0;
    std::uint64_t product = 0;
    VOp op = VOp::GetUser;
    std::uint8_t pad[7] = {};
};

struct VReply {
    std::int64_t value = 0;     ///< get-product: price; place-order: the order's id; history, get-products: sum of prices
    std::uint32_t rows = 0;     ///< rows the answer covers (history: orders; get-products: products found)
    std::uint16_t calls = 0;    ///< cross-service calls made to answer it (the calls' own calls included)
    VStatus status = VStatus::Ok;
    std::uint8_t pad = 0;
};

/// Product ids as bytes (u64 each, little-endian as the host stores them).
std::string encode_ids(const std::vector<std::uint64_t>& ids);
/// false when the bytes are not a whole number of ids.
bool decode_ids(std::string_view bytes, std::vector<std::uint64_t>& ids);

}  // namespace archlab::partlab
