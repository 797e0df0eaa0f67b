#pragma once
// Factories of the built-in strategies, one file each.
#include <memory>

#include "core/lb/strategy.h"

namespace archlab::lb {

std::unique_ptr<Strategy> make_round_robin();
std::unique_ptr<Strategy> make_weighted_round_robin();
std::unique_ptr<Strategy> make_random();
std::unique_ptr<Strategy> make_least_connections();
std::unique_ptr<Strategy> make_least_response_time();
std::unique_ptr<Strategy> make_power_of_two();
std::unique_ptr<Strategy> make_consistent_hash();
std::unique_ptr<Strategy> make_sticky();

}  // namespace archlab::lb
