// Chaos runs of the simulated runtime (tests/sim_chaos.h) against values recorded from the
// runtime as it was before its event queue was rewritten (std::map of std::function): trace
// fingerprints, what node code saw, and pending events, clock, states and link counters after
// every slice must all stay the same. A change here means SimRuntime's behaviour changed.
#include <QTest>

#include "tests/sim_chaos.h"

using namespace archlab;

namespace {

struct Expected {
    std::uint64_t seed;
    std::uint64_t trace;
    std::uint64_t events;
    std::uint64_t seen;
    std::uint64_t slices;
};

// Recorded with the reference build (commit 80f59a5).
const Expected kExpected[] = {
        { 1, 0x11b3c4d39f2a2764ULL,  11846, 0x5378fa7f33ca817dULL, 0x1be261bb102167feULL},
        { 2, 0x31746118254c51e4ULL,  27005, 0xbea360f6c09d9249ULL, 0x6561c5cbaba53b54ULL},
        { 3, 0xa760e91b2323428aULL,   6065, 0x1aad2789a40490f9ULL, 0x0e798d27e975489eULL},
        { 4, 0x7e13f3a61344790cULL,   2141, 0x88c4960c84bbfbe7ULL, 0x8d328a9f67339835ULL},
        { 5, 0x224388fe2af939faULL,   2355, 0x1401e339ce2b0a3fULL, 0x9dfc4f88746c0dc1ULL},
        { 6, 0x23c48ca5f3ede426ULL,   7199, 0x0910b80751c82f10ULL, 0xa4a54d80ed4098dfULL},
        { 7, 0x12757c882ce389f1ULL,  23323, 0x4647d3ebce4da8c1ULL, 0x52c887295e0025d1ULL},
        { 8, 0x4b9d01209f24e39aULL,  18101, 0x9ecb77473d0ff770ULL, 0xf2506159b74d3149ULL},
        { 9, 0x79ee3915362700fcULL,  16949, 0xd4580a55ab92cd6eULL, 0xe78e5ce9998fd5ddULL},
        {10, 0x6363c94af3749026ULL,   1570, 0xf045044945879f1eULL, 0x2da003f2bee13b01ULL},
        {11, 0x708833307bf42f2fULL,   6341, 0x0addbbe885ce5345ULL, 0x4b89db1f35604a8cULL},
        {12, 0x73305f6552e8360eULL, 113109, 0xc77efdb3b29c610fULL, 0xb99b9c848ae11a44ULL},
        {13, 0x3d841cf041b1e775ULL,  48470, 0x3d035b0612421dadULL, 0x717c101927d817afULL},
        {14, 0xb01476fd3a88c59dULL,   2392, 0xdc5eea0fe1be07a1ULL, 0x8241b40d69edba92ULL},
        {15, 0xa30d241abfb0d213ULL,   6976, 0x42dc531f82aba7c0ULL, 0xdc30d29f3a92cb75ULL},
        {16, 0x7df4081ae6c05f24ULL,  10202, 0xf71242326e7f27c7ULL, 0x377a6e964a98ccb0ULL},
        {17, 0x1396d202f77ec118ULL,  16448, 0xe3dbe95150ec90f8ULL, 0xf5dd73eb043d17c2ULL},
        {18, 0x66a5e1aa6df0a94cULL,   8128, 0x3ee16415060ec3dbULL, 0x035a371260845791ULL},
        {19, 0x64fad0123ac9d74eULL,   4800, 0x6e7fc97f76dad17fULL, 0x6b6751b080c87eaaULL},
        {20, 0x0036efa7f3818f77ULL,  15211, 0x0be8ee14acddefb4ULL, 0xc2e6ac237c00a43eULL},
        {21, 0x4cdb502911594871ULL,   1746, 0x467cede25dd5f038ULL, 0xfff48a77f0a63b94ULL},
        {22, 0x284f64ad214236c9ULL,   3057, 0xf2cf427252f3a9deULL, 0x7bf0c8f35808d05dULL},
        {23, 0xfa44f2207da5a6f8ULL,  36998, 0xd2ee7b4c277bad24ULL, 0x937fe0cb4a0a0eb0ULL},
        {24, 0x84176d00da9003e4ULL,   6774, 0x2f4b404a6ef36adbULL, 0xe3c7506bfdf40053ULL},
};

}  // namespace

class TestSimChaos : public QObject {
    Q_OBJECT
private slots:
    void chaos_runs_match_the_reference_data() {
        QTest::addColumn<int>("row");
        for (int i = 0; i < static_cast<int>(std::size(kExpected)); ++i) {
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(kExpected[i].seed))) << i;
        }
    }
    void chaos_runs_match_the_reference() {
        QFETCH(int, row);
        const Expected& e = kExpected[row];
        const chaos::Outcome o = chaos::run(e.seed);
        QCOMPARE(o.trace, e.trace);
        QCOMPARE(o.events, e.events);
        QCOMPARE(o.seen, e.seen);
        QCOMPARE(o.slices, e.slices);
    }
};

QTEST_GUILESS_MAIN(TestSimChaos)
#include "test_sim_chaos.moc"
