#pragma once
// Closed-form queueing predictions: M/M/c (Erlang C) and M/G/1 (Pollaczek-Khinchine).
// Only where a closed form really fits; otherwise the prediction says why not.
#include <optional>
#include <string>

namespace archlab {

/// Probability that an arrival waits in an M/M/c queue with offered load a = lambda/mu (< c).
double erlang_c(int servers, double offered_load);

/// Service time distribution, by its first two moments.
struct ServiceDist {
    double mean_s = 0.0;          ///< E[S], seconds
    double second_moment = 0.0;   ///< E[S^2], seconds^2
    bool exponential = false;     ///< true: memoryless (enables M/M/c)

    static ServiceDist exponential_with_mean(double mean_s);
    static ServiceDist constant(double mean_s);
    /// Lognormal with the given mean and shape sigma (the log's standard deviation).
    static ServiceDist lognormal(double mean_s, double sigma);
};

/// A prediction of time in system (queue wait + service), for one queue.
struct QueuePrediction {
    bool fits = false;            ///< false: no closed form applies (see why)
    std::string model;            ///< "M/M/4 (Erlang C)", "M/G/1 (Pollaczek-Khinchine)"
    std::string why;              ///< when !fits, in plain words
    double utilisation = 0.0;     ///< rho = lambda E[S] / c
    double mean_wait_s = 0.0;     ///< E[Wq]
    double mean_s = 0.0;          ///< E[W] = E[Wq] + E[S]
    std::optional<double> p50_s;  ///< percentiles of W where the distribution is closed-form (M/M/c)
    std::optional<double> p99_s;
};

/// M/M/c: Poisson arrivals at lambda (1/s), c servers, exponential service with mean_s.
QueuePrediction predict_mmc(double lambda, int servers, double mean_s);
/// M/G/1: Poisson arrivals, one server, any service distribution (mean only).
QueuePrediction predict_mg1(double lambda, const ServiceDist& service);
/// M/D/c: Poisson arrivals, c servers, constant service mean_s. No closed form for c > 1: the mean
/// wait is Cosmetatos's correction of half the M/M/c wait (within a few percent of the exact
/// value over the whole load range; exact, as Pollaczek-Khinchine, for c = 1).
QueuePrediction predict_mdc(double lambda, int servers, double mean_s);
/// Quantile q of time in system of M/M/c (sojourn), by bisection on the closed-form tail.
double mmc_sojourn_quantile(double lambda, int servers, double mean_s, double q);

}  // namespace archlab
