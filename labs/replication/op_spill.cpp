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
    if (std::fwrite(&s, sizeof s, 1, records_file_) == 1) {
        ++records_;
        return;
    }
    std::clearerr(records_file_);
    std::fseek(records_file_, static_cast<long>(records_ * sizeof(SpilledOp)), SEEK_SET);  // past a partial write
    kept_.emplace_back(index, op);
}

void OpSpill::add_acked_value(std::int64_t value) {
    // Once one value stays in memory the rest follow it there, so the order holds.
    if (kept_values_.empty() && std::fwrite(&value, sizeof value, 1, values_file_) == 1) {
        ++values_;
        return;
    }
    std::clearerr(values_file_);
    std::fseek(values_file_, static_cast<long>(values_ * sizeof(std::int64_t)), SEEK_SET);
    kept_values_.push_back(value);
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

bool OpSpill::read_values(std::size_t from, std::size_t to, std::vector<std::int64_t>& block) const {
    block.clear();
    to = std::min(to, acked_values());
    if (from >= to) return false;
    if (from >= values_) {  // the ones kept in memory
        block.assign(kept_values_.begin() + static_cast<std::ptrdiff_t>(from - values_),
                     kept_values_.begin() + static_cast<std::ptrdiff_t>(std::min(to - values_, from - values_ + kValueBlock)));
        return true;
    }
    std::fflush(values_file_);
    std::fseek(values_file_, static_cast<long>(from * sizeof(std::int64_t)), SEEK_SET);
    block.resize(std::min({kValueBlock, values_ - from, to - from}));
    block.resize(std::fread(block.data(), sizeof(std::int64_t), block.size(), values_file_));
    std::fseek(values_file_, static_cast<long>(values_ * sizeof(std::int64_t)), SEEK_SET);
    return !block.empty();
}

}  // namespace archlab::replication
