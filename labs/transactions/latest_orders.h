#pragma once
// The window's table of the latest orders: for each, the state of its row at every service, read
// from the services' databases ("pending", "captured", "reserved", "refused", "prepared" ...), so
// a transaction can be followed step by step while it runs.
#include "core/lab/lab.h"
#include "labs/transactions/txn_audit.h"

namespace archlab::txnlab {

/// The newest `count` orders the order service holds, newest first.
ItemTable latest_orders(const ServiceDbs& dbs, int count);

}  // namespace archlab::txnlab
