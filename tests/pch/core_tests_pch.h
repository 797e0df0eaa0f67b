// Precompiled once and reused by every non-window test (tests/CMakeLists.txt): the third-party
// and standard headers most tests include, so each of the ~100 test programs stops parsing
// them again. Third-party and standard headers only: a project header here would make every
// test rebuild when it changes.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
