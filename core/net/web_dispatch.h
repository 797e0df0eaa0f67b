#pragma once
// How the front door hands a request into the cluster and gets its answer back, without
// knowing which node or runtime serves it.
#include <functional>

#include "core/net/web_message.h"

namespace archlab::net {

/// Receives the answer to one request; called exactly once, from any thread.
using WebCompletion = std::function<void(WebResponse)>;

/// Starts one request; must eventually call the completion exactly once (may be from another thread).
using WebDispatch = std::function<void(WebRequest, WebCompletion)>;

}  // namespace archlab::net
