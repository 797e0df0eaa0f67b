#pragma once
// Every topic of a broker by name, each a Stream, sharing one journal of changes.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/broker/journal.h"
#include "core/broker/stream.h"

namespace archlab::broker {

class TopicStore {
public:
    /// nullptr when no such topic.
    Stream* find(std::string_view topic);
    const Stream* find(std::string_view topic) const;
    /// The topic, created (and journaled) when new.
    Stream& get_or_create(const std::string& topic);
    /// A topic read back from the database: created without journal ops.
    Stream& restore(const std::string& topic);
    const std::map<std::string, std::unique_ptr<Stream>, std::less<>>& topics() const { return topics_; }

    Journal& journal() { return journal_; }

private:
    Journal journal_;
    /// Streams are held by pointer so a Stream* stays valid as topics are added.
    std::map<std::string, std::unique_ptr<Stream>, std::less<>> topics_;
};

}  // namespace archlab::broker
