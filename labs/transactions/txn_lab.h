#pragma once
// The transactions lab: an order touches the order, payment, inventory and shipment services,
// each with its own SQLite database, kept consistent by two-phase commit, an orchestrated saga,
// or a choreography of events over the message broker; audited from the databases themselves.
#include "core/lab/lab.h"

namespace archlab::txnlab {

class TransactionsLab : public Lab {
public:
    TransactionsLab();
    const LabInfo& info() const override { return info_; }
    std::unique_ptr<LabRun> build(const RunEnv& env, const Settings& settings) const override;

private:
    LabInfo info_;
};

/// The lab's explain text (plain words, with things to try).
const char* transactions_explain();

}  // namespace archlab::txnlab
