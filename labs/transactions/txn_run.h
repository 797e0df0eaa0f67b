#pragma once
// One run of the transactions lab on the runtime it is given (live or virtual time): the four
// services' databases loaded with their starting money and stock, the strategy's nodes, the
// broker (with its Redis port in live time), the declared series with the audit read from the
// databases on the sampler's clock, and the end-of-run audit once the run has quiesced.
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "core/broker/broker_resp_port.h"
#include "core/broker/broker_setup.h"
#include "core/lab/lab.h"
#include "core/storage/sqlite_pool.h"
#include "labs/transactions/txn_audit.h"
#include "labs/transactions/txn_config.h"
#include "labs/transactions/txn_metrics.h"

namespace archlab::txnlab {

/// Reads the knobs into a config; throws InputError for values that do not fit together.
std::shared_ptr<TxnConfig> config_from(const Settings& settings, std::uint64_t seed);

class TransactionsRun : public LabRun {
public:
    TransactionsRun(const RunEnv& env, const Settings& settings);
    ~TransactionsRun() override;

    const SeriesTable& series() const override { return table_; }
    /// Live time: opens the broker's Redis port.
    void started() override;
    void stop_workload() override;
    /// Every order answered or given up, nothing left for the broker to deliver, and every order
    /// ended in the services' databases (a saga compensating for a client that gave up, a 2pc
    /// participant waiting for its decision): the end-of-run audit reads a cluster at rest, so
    /// an order it calls stuck did not merely need a moment more.
    bool drained() const override;
    /// Up to 30 s of run time, while orders keep ending (at most 3 s between two: a step's retry
    /// or a redelivery after ack_timeout_ms); a host that lags shows here, not as stuck orders.
    DrainLimits drain_limits() const override { return {30.0, 3.0}; }
    std::optional<std::uint64_t> drain_progress() const override;
    void stopped() override;
    nlohmann::json summary() override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;
    std::string node_note(const std::string& node) const override;
    std::vector<ServiceEndpoint> endpoints() const override;
    /// The latest orders and the state of each step, from the services' databases.
    ItemTable latest_items() const override;

    const TxnMetrics& metrics() const { return *metrics_; }
    const TxnConfig& config() const { return *cfg_; }
    /// The end-of-run audit (after stopped()).
    const AuditResult& audit() const { return audit_; }
    /// The services' databases (tests read them).
    ServiceDbs dbs() const;

private:
    void add_nodes();
    void declare_series();
    /// Reads the live audit once per sample (the first audit column calls it; the others read its result).
    double refresh_live_audit();
    /// Growth per second of a cumulative count since the last sample, on the runtime's clock.
    double per_second(std::uint64_t now_value, std::uint64_t& last_value, double& last_t_s);
    void close_port();

    Runtime& runtime_;
    TimeMode mode_;
    std::filesystem::path data_dir_;
    Settings settings_;  ///< the run's knobs, live changes included (the broker's are applied from it)
    std::shared_ptr<TxnConfig> cfg_;
    std::shared_ptr<TxnMetrics> metrics_;
    std::vector<std::shared_ptr<SqlitePool>> service_dbs_;  ///< by Service
    std::shared_ptr<SqlitePool> log_db_;                     ///< coordinator's or orchestrator's own database
    broker::BrokerHandles broker_;
    std::unique_ptr<broker::BrokerRespPort> port_;          ///< live time only

    mutable std::mutex audit_mu_;   ///< guards live_, the sample maxima and breaks (sampler thread vs node_note)
    LiveAudit live_;
    std::int64_t in_doubt_max_ = 0;
    std::int64_t money_breaks_ = 0;  ///< samples (and the final audit) that found money not conserved
    std::int64_t stock_breaks_ = 0;  ///< samples (and the final audit) that found stock not conserved
    std::uint64_t last_redelivered_ = 0;
    double last_redelivered_t_ = 0.0;

    bool audited_ = false;
    AuditResult audit_;
    SeriesTable table_;
    mutable std::mutex endpoints_mu_;
    std::vector<ServiceEndpoint> endpoints_;
};

}  // namespace archlab::txnlab
