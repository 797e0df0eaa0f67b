// Trace readers on small files written to a temporary folder: text keys with and without
// sizes, CSV columns and header, oracleGeneral records, and the errors that name the line or
// the 1-based record and what is wrong (truncated record, bad size, missing column).
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fstream>

#include <zstd.h>

#include "core/cache/trace_reader.h"
#include "core/lab/settings.h"

using namespace archlab;
using namespace archlab::cache;

namespace {

struct Record {
    std::uint32_t time;
    std::uint64_t id;
    std::uint32_t size;
    std::int64_t next;
};

void put_le(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

/// Packs records little-endian, 24 bytes each, plus `extra` trailing bytes.
std::string oracle_bytes(const std::vector<Record>& records, std::size_t extra = 0) {
    std::string out;
    for (const Record& r : records) {
        put_le(out, r.time, 4);
        put_le(out, r.id, 8);
        put_le(out, r.size, 4);
        std::uint64_t next = 0;
        std::memcpy(&next, &r.next, sizeof next);
        put_le(out, next, 8);
    }
    out.append(extra, '\x7f');
    return out;
}

/// The bytes as one zstd frame, as public traces are shipped (.zst).
std::string zstd_bytes(const std::string& plain) {
    std::string out(ZSTD_compressBound(plain.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3);
    if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

std::vector<TraceRequest> read_all(const std::string& path, TraceFormat format, const CsvLayout& csv = {}) {
    const auto reader = open_trace(path, format, csv);
    std::vector<TraceRequest> out;
    TraceRequest r;
    while (reader->next(r)) out.push_back(r);
    if (reader->requests_read() != out.size()) throw std::logic_error("requests_read disagrees");
    return out;
}

/// The InputError message of reading the whole trace ("" when none).
QString error_of(const std::string& path, TraceFormat format, const CsvLayout& csv = {}) {
    try {
        read_all(path, format, csv);
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestCacheTraceReader : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::string write(const char* name, const std::string& bytes) {
        const std::string path = dir_.filePath(name).toStdString();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

private slots:
    void text_keys_and_optional_sizes() {
        const auto path = write("a.txt", "alpha\nbeta 4096\n\n  alpha  \r\n42\t7\n");
        const auto got = read_all(path, TraceFormat::text);
        QCOMPARE(got.size(), std::size_t{4});
        QCOMPARE(got[0].key, stable_key_hash("alpha"));
        QCOMPARE(got[0].size, std::uint64_t{1});
        QCOMPARE(got[1].key, stable_key_hash("beta"));
        QCOMPARE(got[1].size, std::uint64_t{4096});
        QCOMPARE(got[2].key, got[0].key);  // spaces and CR around a key do not matter
        QCOMPARE(got[3].key, stable_key_hash("42"));
        QCOMPARE(got[3].size, std::uint64_t{7});
    }

    void text_bad_size_names_the_line() {
        const auto path = write("bad.txt", "a 1\nb 2\n\nc 12k\n");
        const QString e = error_of(path, TraceFormat::text);
        QVERIFY2(e.contains("line 4") && e.contains("'12k'"), qPrintable(e));
        const QString extra = error_of(write("three.txt", "a 1 2\n"), TraceFormat::text);
        QVERIFY2(extra.contains("line 1") && extra.contains("two fields"), qPrintable(extra));
    }

    void sizes_past_one_tebibyte_are_refused() {
        // Sizes are summed into 64-bit totals: two sizes near 2^64 would wrap them.
        const auto path = write("huge.txt", "a 1099511627776\nb 1099511627777\n");
        const QString e = error_of(path, TraceFormat::text);
        QVERIFY2(e.contains("line 2") && e.contains("'1099511627777'") && e.contains("up to 1 TiB"), qPrintable(e));
        const QString wrap = error_of(write("wrap.txt", "a 18446744073709551615\n"), TraceFormat::text);
        QVERIFY2(wrap.contains("line 1") && wrap.contains("up to 1 TiB"), qPrintable(wrap));
        const QString past = error_of(write("past.txt", "a 18446744073709551616\n"), TraceFormat::text);
        QVERIFY2(past.contains("line 1") && past.contains("up to 1 TiB"), qPrintable(past));
        CsvLayout csv;
        csv.size_column = 2;
        const QString in_csv = error_of(write("huge.csv", "x,5\ny,99999999999999\n"), TraceFormat::csv, csv);
        QVERIFY2(in_csv.contains("line 2") && in_csv.contains("column 2") && in_csv.contains("up to 1 TiB"),
                 qPrintable(in_csv));
    }

    void csv_columns_and_header() {
        const auto path = write("t.csv", "ts,key,size\n1,a,10\n2,\"b\",20\n\n3, a ,30\n");
        CsvLayout csv;
        csv.key_column = 2;
        csv.size_column = 3;
        csv.header = true;
        const auto got = read_all(path, TraceFormat::csv, csv);
        QCOMPARE(got.size(), std::size_t{3});
        QCOMPARE(got[0].key, stable_key_hash("a"));
        QCOMPARE(got[1].key, stable_key_hash("b"));
        QCOMPARE(got[2].key, got[0].key);
        QCOMPARE(got[1].size, std::uint64_t{20});
        QCOMPARE(got[2].size, std::uint64_t{30});

        csv.size_column = 0;  // no sizes: every object 1
        QCOMPARE(read_all(path, TraceFormat::csv, csv)[2].size, std::uint64_t{1});
    }

    void csv_missing_column_names_the_line() {
        const auto path = write("short.csv", "1,a,10\n2,b,20\n3,c\n");
        CsvLayout csv;
        csv.key_column = 2;
        csv.size_column = 3;
        const QString e = error_of(path, TraceFormat::csv, csv);
        QVERIFY2(e.contains("line 3") && e.contains("2 column") && e.contains("size column is 3"), qPrintable(e));

        csv.key_column = 5;
        const QString key = error_of(path, TraceFormat::csv, csv);
        QVERIFY2(key.contains("line 1") && key.contains("key column is 5"), qPrintable(key));
    }

    void csv_bad_size_names_line_and_column() {
        const auto path = write("size.csv", "k,s\nx,1\ny,-4\n");
        CsvLayout csv;
        csv.size_column = 2;
        csv.header = true;
        const QString e = error_of(path, TraceFormat::csv, csv);
        QVERIFY2(e.contains("line 3") && e.contains("'-4'") && e.contains("column 2"), qPrintable(e));
    }

    void csv_bad_layout_is_refused() {
        const auto path = write("any.csv", "a\n");
        CsvLayout csv;
        csv.key_column = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, open_trace(path, TraceFormat::csv, csv));
        csv.key_column = 1;
        csv.size_column = 1;
        QVERIFY_THROWS_EXCEPTION(InputError, open_trace(path, TraceFormat::csv, csv));
    }

    void oracle_general_records() {
        const auto path = write("t.oracleGeneral.bin",
                                oracle_bytes({{1, 42, 512, 2}, {2, 0xfedcba9876543210ULL, 4096, -1}, {3, 42, 512, -1}}));
        const auto got = read_all(path, TraceFormat::oracle_general);
        QCOMPARE(got.size(), std::size_t{3});
        QCOMPARE(got[0].key, CacheKey{42});
        QCOMPARE(got[0].size, std::uint64_t{512});
        QCOMPARE(got[1].key, CacheKey{0xfedcba9876543210ULL});
        QCOMPARE(got[1].size, std::uint64_t{4096});
        QCOMPARE(got[2].key, CacheKey{42});
    }

    void oracle_general_truncated_names_the_record() {
        const auto path = write("cut.bin", oracle_bytes({{1, 1, 10, -1}, {2, 2, 10, -1}}, 10));
        const auto reader = open_trace(path, TraceFormat::oracle_general);
        TraceRequest r;
        QVERIFY(reader->next(r) && reader->next(r));  // the whole records come first
        try {
            reader->next(r);
            QFAIL("no error");
        } catch (const InputError& e) {
            const QString what = e.what();
            QVERIFY2(what.contains("record 3") && what.contains("truncated") && what.contains("10 of 24"), e.what());
        }
        const QString tiny = error_of(write("tiny.bin", std::string(5, 'x')), TraceFormat::oracle_general);
        QVERIFY2(tiny.contains("record 1") && tiny.contains("5 of 24"), qPrintable(tiny));
    }

    void oracle_general_truncated_after_many_blocks() {
        std::vector<Record> records;
        for (std::uint32_t i = 0; i < 20000; ++i) records.push_back({i, i % 97, 100, -1});
        const auto path = write("long.bin", oracle_bytes(records, 23));
        const QString e = error_of(path, TraceFormat::oracle_general);
        QVERIFY2(e.contains("record 20001") && e.contains("23 of 24"), qPrintable(e));
    }

    void oracle_general_bad_next_access_names_the_record() {
        const auto path = write("next.bin", oracle_bytes({{1, 1, 10, -1}, {2, 2, 10, -7}}));
        const QString e = error_of(path, TraceFormat::oracle_general);
        QVERIFY2(e.contains("record 2") && e.contains("-7"), qPrintable(e));
    }

    void oracle_general_zstd_reads_like_the_plain_file() {
        std::vector<Record> records;
        for (std::uint32_t i = 0; i < 30000; ++i) records.push_back({i, (i * 7919ULL) % 1013, 512 + i % 9, -1});
        const std::string plain = oracle_bytes(records);
        const auto from_plain = read_all(write("p.oracleGeneral.bin", plain), TraceFormat::oracle_general);
        const auto from_zstd = read_all(write("p.oracleGeneral.zst", zstd_bytes(plain)), TraceFormat::oracle_general);
        QCOMPARE(from_zstd.size(), records.size());
        QCOMPARE(from_plain.size(), records.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            QCOMPARE(from_zstd[i].key, records[i].id);
            QCOMPARE(from_zstd[i].size, std::uint64_t{records[i].size});
        }
    }

    void oracle_general_zstd_cut_short_or_holding_a_partial_record() {
        std::vector<Record> records;
        for (std::uint32_t i = 0; i < 5000; ++i) records.push_back({i, i, 100, -1});
        const std::string packed = zstd_bytes(oracle_bytes(records));
        const QString cut = error_of(write("cut.zst", packed.substr(0, packed.size() / 2)), TraceFormat::oracle_general);
        QVERIFY2(cut.contains("zstd") && cut.contains("truncated") && cut.contains("record "), qPrintable(cut));
        const QString partial = error_of(write("partial.zst", zstd_bytes(oracle_bytes(records, 7))), TraceFormat::oracle_general);
        QVERIFY2(partial.contains("record 5001") && partial.contains("7 of 24"), qPrintable(partial));
    }

    void oracle_general_skips_size_zero_records_and_counts_them() {
        const auto path = write("zero.bin", oracle_bytes({{1, 5, 0, -1}, {2, 6, 100, -1}, {3, 5, 0, -1}, {4, 7, 10, -1}}));
        const auto reader = open_trace(path, TraceFormat::oracle_general);
        std::vector<CacheKey> keys;
        TraceRequest r;
        while (reader->next(r)) keys.push_back(r.key);
        QCOMPARE(keys, (std::vector<CacheKey>{6, 7}));
        QCOMPARE(reader->requests_read(), std::uint64_t{2});
        QCOMPARE(reader->zero_size_skipped(), std::uint64_t{2});
        // Messages still count every record of the file.
        const QString e = error_of(write("zero-bad.bin", oracle_bytes({{1, 5, 0, -1}, {2, 6, 10, -9}})),
                                   TraceFormat::oracle_general);
        QVERIFY2(e.contains("record 2"), qPrintable(e));
    }

    void compressed_text_or_csv_is_refused_by_name() {
        const std::string packed = zstd_bytes("alpha\nbeta\n");
        for (const TraceFormat f : {TraceFormat::text, TraceFormat::csv}) {
            const QString e = error_of(write("keys.zst", packed), f);
            QVERIFY2(e.contains("keys.zst") && e.contains("zstd"), qPrintable(e));
        }
    }

    void empty_files_have_no_requests() {
        QVERIFY(read_all(write("e.txt", ""), TraceFormat::text).empty());
        QVERIFY(read_all(write("e.bin", ""), TraceFormat::oracle_general).empty());
        CsvLayout csv;
        csv.header = true;
        QVERIFY(read_all(write("e.csv", ""), TraceFormat::csv, csv).empty());
    }

    void missing_file_and_unknown_format() {
        try {
            open_trace(dir_.filePath("nope.txt").toStdString(), TraceFormat::text);
            QFAIL("no error");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("nope.txt"), e.what());
        }
        QVERIFY(parse_trace_format("oracle-general") == TraceFormat::oracle_general);
        QVERIFY(parse_trace_format("oracleGeneral") == TraceFormat::oracle_general);
        QVERIFY(parse_trace_format("csv") == TraceFormat::csv);
        QVERIFY_THROWS_EXCEPTION(InputError, parse_trace_format("vscsi"));
    }
};

QTEST_GUILESS_MAIN(TestCacheTraceReader)
#include "test_cache_trace_reader.moc"
