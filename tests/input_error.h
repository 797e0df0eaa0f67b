#pragma once
// Test helper: the message of the InputError a call throws.
#include <QString>

#include "core/lab/settings.h"

/// The message of the InputError fn throws, or "" when it throws nothing.
template <typename Fn>
QString input_error(Fn fn) {
    try {
        fn();
    } catch (const archlab::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}
