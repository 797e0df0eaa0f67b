// The O(1) policies against plain reference models written straight from their definitions
// (linear searches, std::list): the same skewed random request streams must give the same hit
// or miss on every request. ARC's model is the paper's pseudo-code (Megiddo & Modha 2003,
// Fig. 4) step by step; S3-FIFO's is the paper's Algorithm 1 with one FIFO per queue.
#include <QTest>

#include <algorithm>
#include <deque>
#include <list>
#include <random>

#include "core/cache/policy_registry.h"

using namespace archlab::cache;
using Keys = std::vector<CacheKey>;

namespace {

/// A reference model: access(key) returns hit.
struct Model {
    virtual ~Model() = default;
    virtual bool access(CacheKey key) = 0;
};

template <class C>
bool holds(const C& c, CacheKey key) { return std::find(c.begin(), c.end(), key) != c.end(); }

struct LruModel : Model {
    explicit LruModel(std::size_t c) : cap(c) {}
    bool access(CacheKey key) override {
        const bool hit = holds(order, key);
        if (hit) order.remove(key);
        else if (order.size() == cap) order.pop_back();
        order.push_front(key);
        return hit;
    }
    std::size_t cap;
    std::list<CacheKey> order;  // front = most recent
};

struct FifoModel : Model {
    explicit FifoModel(std::size_t c) : cap(c) {}
    bool access(CacheKey key) override {
        if (holds(queue, key)) return true;
        if (queue.size() == cap) queue.pop_front();
        queue.push_back(key);
        return false;
    }
    std::size_t cap;
    std::deque<CacheKey> queue;
};

struct LfuModel : Model {
    struct Entry { CacheKey key; int count; long last_use; };
    explicit LfuModel(std::size_t c) : cap(c) {}
    bool access(CacheKey key) override {
        ++now;
        for (Entry& e : entries) {
            if (e.key == key) { ++e.count; e.last_use = now; return true; }
        }
        if (entries.size() == cap) {
            const auto victim = std::min_element(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
                return a.count != b.count ? a.count < b.count : a.last_use < b.last_use;
            });
            entries.erase(victim);
        }
        entries.push_back({key, 1, now});
        return false;
    }
    std::size_t cap;
    long now = 0;
    std::vector<Entry> entries;
};

struct ArcModel : Model {
    explicit ArcModel(std::size_t c_) : c(c_) {}
    static void drop(std::list<CacheKey>& l, CacheKey key) { l.remove(key); }
    void replace(bool in_b2) {  // REPLACE(x, p)
        if (!t1.empty() && (t1.size() > p || (in_b2 && t1.size() == p))) {
            b1.push_front(t1.back()); t1.pop_back();
        } else {
            b2.push_front(t2.back()); t2.pop_back();
        }
    }
    bool access(CacheKey x) override {
        if (holds(t1, x) || holds(t2, x)) {  // case I
            drop(t1, x); drop(t2, x); t2.push_front(x);
            return true;
        }
        if (holds(b1, x)) {  // case II
            p = std::min(c, p + std::max<std::size_t>(1, b2.size() / b1.size()));
            replace(false);
            drop(b1, x); t2.push_front(x);
            return false;
        }
        if (holds(b2, x)) {  // case III
            const std::size_t d = std::max<std::size_t>(1, b1.size() / b2.size());
            p = p > d ? p - d : 0;
            replace(true);
            drop(b2, x); t2.push_front(x);
            return false;
        }
        const std::size_t l1 = t1.size() + b1.size();  // case IV
        const std::size_t total = l1 + t2.size() + b2.size();
        if (l1 == c) {
            if (t1.size() < c) { b1.pop_back(); replace(false); }
            else t1.pop_back();
        } else if (total >= c) {
            if (total == 2 * c) b2.pop_back();
            replace(false);
        }
        t1.push_front(x);
        return false;
    }
    std::size_t c, p = 0;
    std::list<CacheKey> t1, t2, b1, b2;  // front = most recent
};

struct S3FifoModel : Model {
    struct Obj { CacheKey key; int freq; };
    explicit S3FifoModel(std::size_t c) : cap(c), small_cap(std::max<std::size_t>(1, c / 10)), main_cap(c > small_cap ? c - small_cap : 1) {}
    static Obj* find(std::deque<Obj>& q, CacheKey key) {
        for (Obj& o : q) if (o.key == key) return &o;
        return nullptr;
    }
    bool access(CacheKey x) override {
        Obj* o = find(s, x);
        if (o == nullptr) o = find(m, x);
        if (o != nullptr) { o->freq = std::min(o->freq + 1, 3); return true; }
        while (s.size() + m.size() >= cap) evict();
        if (holds(g, x)) { g.erase(std::find(g.begin(), g.end(), x)); m.push_front({x, 0}); }
        else s.push_front({x, 0});
        return false;
    }
    void evict() {
        if (s.size() >= small_cap || m.empty()) {
            const std::size_t before = s.size() + m.size();
            evict_s();
            if (s.size() + m.size() == before) evict_m();
        } else {
            evict_m();
        }
    }
    void evict_s() {
        while (!s.empty()) {
            const Obj t = s.back(); s.pop_back();
            if (t.freq > 0) { m.push_front(t); if (m.size() > main_cap) evict_m(); }
            else { g.push_front(t.key); if (g.size() > main_cap) g.pop_back(); return; }
        }
    }
    void evict_m() {
        while (!m.empty()) {
            Obj t = m.back(); m.pop_back();
            if (t.freq > 0) { --t.freq; m.push_front(t); }
            else return;
        }
    }
    std::size_t cap, small_cap, main_cap;
    std::deque<Obj> s, m;       // front = newest
    std::deque<CacheKey> g;     // front = newest
};

std::unique_ptr<Model> model(const QString& name, std::size_t c) {
    if (name == "lru") return std::make_unique<LruModel>(c);
    if (name == "fifo") return std::make_unique<FifoModel>(c);
    if (name == "lfu") return std::make_unique<LfuModel>(c);
    if (name == "arc") return std::make_unique<ArcModel>(c);
    return std::make_unique<S3FifoModel>(c);
}

/// Skewed keys over [0, universe): popular low keys, a long tail, and bursts of a scan.
Keys stream(std::uint64_t seed, std::size_t length, std::uint64_t universe) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Keys keys;
    CacheKey next_scan = 1000000;
    while (keys.size() < length) {
        if (u(rng) < 0.02) {
            for (int i = 0; i < 15; ++i) keys.push_back(next_scan++);
            continue;
        }
        const double x = u(rng);
        keys.push_back(static_cast<CacheKey>(static_cast<double>(universe) * x * x * x));
    }
    return keys;
}

}  // namespace

class TestCacheReference : public QObject {
    Q_OBJECT
private slots:
    void matches_reference_model_data() {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<int>("capacity");
        for (const char* p : {"lru", "fifo", "lfu", "arc", "s3fifo"}) {
            for (const int c : {1, 2, 3, 7, 16, 40}) {
                QTest::newRow(qPrintable(QString("%1/%2").arg(p).arg(c))) << QString(p) << c;
            }
        }
    }
    void matches_reference_model() {
        QFETCH(QString, policy);
        QFETCH(int, capacity);
        PolicyRegistry registry;
        register_builtin_policies(registry);
        for (const std::uint64_t seed : {1u, 2u, 3u}) {
            PolicyConfig config;
            config.capacity = static_cast<std::uint64_t>(capacity);
            auto fast = registry.create(policy.toStdString(), config);
            auto slow = model(policy, static_cast<std::size_t>(capacity));
            const Keys keys = stream(seed, 4000, 120);
            int hits = 0;
            for (std::size_t i = 0; i < keys.size(); ++i) {
                const bool expected = slow->access(keys[i]);
                QVERIFY2(fast->access(keys[i], 1) == expected,
                         qPrintable(QString("request %1 (key %2), seed %3").arg(i + 1).arg(keys[i]).arg(seed)));
                hits += expected ? 1 : 0;
            }
            QVERIFY(hits > 0);
            QVERIFY(fast->entries() <= static_cast<std::size_t>(capacity));
        }
    }
};

QTEST_GUILESS_MAIN(TestCacheReference)
#include "test_cache_reference.moc"
