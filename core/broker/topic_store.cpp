#include "core/broker/topic_store.h"

namespace archlab::broker {

Stream* TopicStore::find(std::string_view topic) {
    auto it = topics_.find(topic);
    return it == topics_.end() ? nullptr : it->second.get();
}

const Stream* TopicStore::find(std::string_view topic) const {
    auto it = topics_.find(topic);
    return it == topics_.end() ? nullptr : it->second.get();
}

Stream& TopicStore::get_or_create(const std::string& topic) {
    if (Stream* s = find(topic)) return *s;
    auto& slot = topics_[topic];
    slot = std::make_unique<Stream>(topic, &journal_);
    JournalOp op;
    op.kind = JournalOp::Kind::PutStream;
    op.topic = topic;
    journal_.record(std::move(op));
    return *slot;
}

Stream& TopicStore::restore(const std::string& topic) {
    if (Stream* s = find(topic)) return *s;
    auto& slot = topics_[topic];
    slot = std::make_unique<Stream>(topic, &journal_);
    return *slot;
}

}  // namespace archlab::broker
