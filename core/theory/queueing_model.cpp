#include "core/theory/queueing_model.h"

#include <cmath>
#include <cstdio>

namespace archlab {

double erlang_c(int servers, double a) {
    // Erlang B by its stable recursion, then C = B / (1 - rho (1 - B)).
    double b = 1.0;
    for (int k = 1; k <= servers; ++k) b = a * b / (k + a * b);
    const double rho = a / servers;
    return b / (1.0 - rho * (1.0 - b));
}

ServiceDist ServiceDist::exponential_with_mean(double mean_s) { return {mean_s, 2.0 * mean_s * mean_s, true}; }
ServiceDist ServiceDist::constant(double mean_s) { return {mean_s, mean_s * mean_s, false}; }
ServiceDist ServiceDist::lognormal(double mean_s, double sigma) {
    // For a lognormal, E[S^2] = E[S]^2 * exp(sigma^2).
    return {mean_s, mean_s * mean_s * std::exp(sigma * sigma), false};
}

namespace {
QueuePrediction unstable(double rho) {
    QueuePrediction p;
    p.utilisation = rho;
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "utilisation %.2f >= 1: arrivals outpace service; a queue with no limit grows without end, "
                  "a bounded one fills and sheds the rest", rho);
    p.why = buf;
    return p;
}

/// P(W > t) for M/M/c: no wait with probability 1-C (then W = S ~ Exp(mu)); otherwise
/// W = Exp(theta) + Exp(mu) with theta = c mu - lambda.
double mmc_tail(double lambda, int c, double mu, double t) {
    const double C = erlang_c(c, lambda / mu);
    const double theta = c * mu - lambda;
    double sum_tail;
    if (std::fabs(theta - mu) < 1e-9 * mu) {
        sum_tail = (1.0 + mu * t) * std::exp(-mu * t);  // Erlang-2 when the rates are equal
    } else {
        sum_tail = (theta * std::exp(-mu * t) - mu * std::exp(-theta * t)) / (theta - mu);
    }
    return (1.0 - C) * std::exp(-mu * t) + C * sum_tail;
}
}  // namespace

double mmc_sojourn_quantile(double lambda, int servers, double mean_s, double q) {
    const double mu = 1.0 / mean_s;
    double lo = 0.0, hi = mean_s;
    while (mmc_tail(lambda, servers, mu, hi) > 1.0 - q) hi *= 2.0;
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (lo + hi);
        (mmc_tail(lambda, servers, mu, mid) > 1.0 - q ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

QueuePrediction predict_mmc(double lambda, int servers, double mean_s) {
    const double mu = 1.0 / mean_s;
    const double rho = lambda / (servers * mu);
    if (rho >= 1.0) return unstable(rho);
    QueuePrediction p;
    p.fits = true;
    p.model = "M/M/" + std::to_string(servers) + (servers > 1 ? " (Erlang C)" : "");
    p.utilisation = rho;
    p.mean_wait_s = erlang_c(servers, lambda / mu) / (servers * mu - lambda);
    p.mean_s = p.mean_wait_s + mean_s;
    p.p50_s = mmc_sojourn_quantile(lambda, servers, mean_s, 0.50);
    p.p99_s = mmc_sojourn_quantile(lambda, servers, mean_s, 0.99);
    return p;
}

QueuePrediction predict_mdc(double lambda, int servers, double mean_s) {
    const double c = servers;
    const double rho = lambda * mean_s / c;
    if (rho >= 1.0) return unstable(rho);
    QueuePrediction p = predict_mmc(lambda, servers, mean_s);
    // Cosmetatos (1976): Wq(M/D/c) ~= 1/2 Wq(M/M/c) [1 + (1-rho)(c-1)(sqrt(4+5c)-2)/(16 rho c)].
    const double correction = 1.0 + (1.0 - rho) * (c - 1.0) * (std::sqrt(4.0 + 5.0 * c) - 2.0) / (16.0 * rho * c);
    p.mean_wait_s = 0.5 * p.mean_wait_s * correction;
    p.mean_s = p.mean_wait_s + mean_s;
    p.model = servers == 1 ? "M/D/1 (Pollaczek-Khinchine)" : "M/D/" + std::to_string(servers) + " (Cosmetatos approximation)";
    p.p50_s.reset();  // the M/M/c quantiles do not carry over
    p.p99_s.reset();
    return p;
}

QueuePrediction predict_mg1(double lambda, const ServiceDist& s) {
    const double rho = lambda * s.mean_s;
    if (rho >= 1.0) return unstable(rho);
    if (s.exponential) return predict_mmc(lambda, 1, s.mean_s);
    QueuePrediction p;
    p.fits = true;
    p.model = "M/G/1 (Pollaczek-Khinchine)";
    p.utilisation = rho;
    p.mean_wait_s = lambda * s.second_moment / (2.0 * (1.0 - rho));
    p.mean_s = p.mean_wait_s + s.mean_s;
    return p;
}

}  // namespace archlab
