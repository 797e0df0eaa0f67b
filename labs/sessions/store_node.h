#pragma once
// The shared session store: a small key-value node over the cluster transport. Its data lives
// in its memory, so killing it loses every session it held (as an unreplicated cache would).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/runtime/node.h"

namespace archlab::sessions {

enum StoreMsgType : std::uint16_t {
    kStorePut = 120,    ///< app -> store: body "key\nvalue"
    kStoreGet = 121,    ///< app -> store: body "key"
    kStoreReply = 122,  ///< store -> app: body "1value" when found (or stored), "0" when not
};

class StoreNode : public Node {
public:
    void on_message(Context& ctx, const Message& msg) override;
    std::size_t size() const { return data_.size(); }

private:
    std::unordered_map<std::string, std::string> data_;
};

}  // namespace archlab::sessions
