#include "labs/replication/op_spill.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace archlab::replication {

namespace {
/// One record as the file holds it: the index, then the record's bytes (read back by this
/// process only, so the layout is the struct's own).
struct SpilledOp {
    std::uint64_t index = 0;
    OpRecord op;
};
constexpr std::size_t kValueBlock = 8192;  ///< acknowledged values read per block (64 KiB)

std::FILE* open_spill(const std::filesystem::path& dir, const char* name) {
    std::FILE* f = dir.empty() ? std::tmpfile() : std::fopen((dir / name).string().c_str(), "w+b");
    if (!f) {
        throw std::runtime_error("cannot create the operation history file " +
                                 (dir.empty() ? std::string("(temporary)") : (dir / name).string()));
    }
    return f;
}
}  // namespace

OpSpill::OpSpill(const std::filesystem::path& dir)
    : records_file_(open_spill(dir, "ops.bin")), values_file_(open_spill(dir, "acked-values.bin")) {}

OpSpill::~OpSpill() {
    std::fclose(records_file_);
    std::fclose(values_file_);
}

void OpSpill::add(std::size_t index, const OpRecord& op) {
    SpilledOp s;
    s.index = index;
    s.op = op;
    // Appends only: the read functions seek back to the end when they are done.
    if (std::fwrite(&s, sizeof s, 1, records_file_) != 1) {
        kept_.emplace_back(index, op);
        std::clearerr(records_file_);
        return;
    }
    ++records_;
    if (!is_acked_write(op)) return;
    if (std::fwrite(&op.value, sizeof op.value, 1, values_file_) == 1) {
        ++values_;
        return;
    }
    // The record is on disk but its value is not: keep a copy, which for_each_acked_value reads.
    std::clearerr(values_file_);
    kept_.emplace_back(index, op);
    --records_;  // read_all() must not return it twice: rewrite the record count's end
    std::fseek(records_file_, static_cast<long>(records_ * sizeof(SpilledOp)), SEEK_SET);
}

std::vector<std::pair<std::size_t, OpRecord>> OpSpill::read_all() const {
    std::vector<std::pair<std::size_t, OpRecord>> out;
    out.reserve(size());
    std::fflush(records_file_);
    std::rewind(records_file_);
    SpilledOp s;
    for (std::size_t i = 0; i < records_ && std::fread(&s, sizeof s, 1, records_file_) == 1; ++i) {
        out.emplace_back(static_cast<std::size_t>(s.index), s.op);
    }
    std::fseek(records_file_, static_cast<long>(records_ * sizeof(SpilledOp)), SEEK_SET);
    out.insert(out.end(), kept_.begin(), kept_.end());
    return out;
}

bool OpSpill::read_values(std::size_t from, std::vector<std::int64_t>& block) const {
    block.clear();
    if (from >= values_) return false;
    std::fflush(values_file_);
    std::fseek(values_file_, static_cast<long>(from * sizeof(std::int64_t)), SEEK_SET);
    block.resize(std::min(kValueBlock, values_ - from));
    block.resize(std::fread(block.data(), sizeof(std::int64_t), block.size(), values_file_));
    std::fseek(values_file_, static_cast<long>(values_ * sizeof(std::int64_t)), SEEK_SET);
    return !block.empty();
}

}  // namespace archlab::replication
