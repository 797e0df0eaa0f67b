// The live runtime's wire format: exact little-endian header bytes, and a reader that splits a
// byte stream into frames however it is chunked, grows for large bodies and refuses oversize ones.
#include <QTest>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "core/runtime/live/frame_codec.h"

using namespace archlab;
using namespace archlab::live;

namespace {

/// Feeds bytes into reader in pieces of at most `step` bytes; collects every frame.
struct Collected {
    std::vector<FrameHeader> headers;
    std::vector<std::string> bodies;
    bool oversize = false;
};

Collected feed(FrameReader& reader, const std::vector<char>& bytes, std::size_t step) {
    Collected out;
    std::size_t at = 0;
    while (at < bytes.size() && !out.oversize) {
        const std::span<char> space = reader.prepare();
        const std::size_t n = std::min({step, space.size(), bytes.size() - at});
        std::memcpy(space.data(), bytes.data() + at, n);
        reader.commit(n);
        at += n;
        FrameHeader h;
        std::string_view body;
        for (;;) {
            const FrameReader::Status s = reader.next(h, body);
            if (s == FrameReader::Status::Frame) {
                out.headers.push_back(h);
                out.bodies.emplace_back(body);
                continue;
            }
            out.oversize = s == FrameReader::Status::Oversize;
            break;
        }
    }
    return out;
}

}  // namespace

class TestFrameCodec : public QObject {
    Q_OBJECT
private slots:
    void headerBytesAreLittleEndian() {
        std::vector<char> out;
        append_frame(out, 0x0102, 0x0304, 0x0506, 0x1122334455667788ULL, "hi");
        QCOMPARE(out.size(), kFrameHeaderBytes + 2);
        const unsigned char expect[] = {2, 0, 0, 0, 0x02, 0x01, 0x04, 0x03, 0x06, 0x05,
                                        0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 'h', 'i'};
        for (std::size_t i = 0; i < sizeof expect; ++i) QCOMPARE(static_cast<unsigned char>(out[i]), expect[i]);
        const FrameHeader h = decode_header(out.data());
        QCOMPARE(h.length, 2u);
        QCOMPARE(h.from, NodeIndex(0x0102));
        QCOMPARE(h.to, NodeIndex(0x0304));
        QCOMPARE(h.type, std::uint16_t(0x0506));
        QCOMPARE(h.id, 0x1122334455667788ULL);
    }

    void splitsAnyChunking_data() {
        QTest::addColumn<int>("step");
        QTest::newRow("byte by byte") << 1;
        QTest::newRow("7 bytes") << 7;
        QTest::newRow("header size") << int(kFrameHeaderBytes);
        QTest::newRow("4 KiB") << 4096;
        QTest::newRow("everything at once") << (1 << 30);
    }
    void splitsAnyChunking() {
        QFETCH(int, step);
        std::vector<char> bytes;
        std::vector<std::string> bodies;
        for (int i = 0; i < 200; ++i) {
            bodies.push_back(std::string(static_cast<std::size_t>(i * 37 % 300), static_cast<char>('a' + i % 26)));
            append_frame(bytes, NodeIndex(i % 5), NodeIndex(3), std::uint16_t(i), std::uint64_t(i) * 1000, bodies.back());
        }
        FrameReader reader(256);  // small chunks, so frames straddle reads and the buffer slides
        const Collected got = feed(reader, bytes, static_cast<std::size_t>(step));
        QVERIFY(!got.oversize);
        QCOMPARE(got.bodies.size(), bodies.size());
        for (std::size_t i = 0; i < bodies.size(); ++i) {
            QCOMPARE(got.bodies[i], bodies[i]);
            QCOMPARE(got.headers[i].id, std::uint64_t(i) * 1000);
            QCOMPARE(got.headers[i].from, NodeIndex(i % 5));
        }
        QCOMPARE(reader.buffered(), std::size_t(0));
    }

    void growsForLargeBodies() {
        std::string big(3u << 20, '\0');
        for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 251);
        std::vector<char> bytes;
        append_frame(bytes, 1, 2, 9, 42, big);
        append_frame(bytes, 1, 2, 9, 43, "after");
        FrameReader reader;
        const Collected got = feed(reader, bytes, 100'000);
        QCOMPARE(got.bodies.size(), std::size_t(2));
        QVERIFY(got.bodies[0] == big);
        QCOMPARE(got.bodies[1], std::string("after"));
    }

    void emptyBody() {
        std::vector<char> bytes;
        append_frame(bytes, 0, 1, 2, 3, "");
        FrameReader reader;
        const Collected got = feed(reader, bytes, 5);
        QCOMPARE(got.bodies.size(), std::size_t(1));
        QVERIFY(got.bodies[0].empty());
    }

    void refusesOversizeFrames() {
        std::vector<char> bytes(kFrameHeaderBytes);
        encode_header(FrameHeader{kMaxFrameBody + 1, 4, 5, 1, 7}, bytes.data());
        FrameReader reader;
        const Collected got = feed(reader, bytes, 1);
        QVERIFY(got.oversize);
        QVERIFY(got.bodies.empty());

        // Exactly the limit is allowed: the header alone asks for more bytes, not a refusal.
        encode_header(FrameHeader{kMaxFrameBody, 4, 5, 1, 7}, bytes.data());
        FrameReader ok;
        QVERIFY(!feed(ok, bytes, bytes.size()).oversize);
    }
};

QTEST_GUILESS_MAIN(TestFrameCodec)
#include "test_frame_codec.moc"
