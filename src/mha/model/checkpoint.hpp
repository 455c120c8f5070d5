#pragma once
// Checkpoint: the tensors of a HuggingFace model folder, mapped from its
// files (mmap) and looked up by name.
//
//   DIR/model.safetensors                      one file, or
//   DIR/model.safetensors.index.json           {"weight_map": {name: shard file}}
//   DIR/model-0000k-of-0000n.safetensors       and the shards it names
//
// Names are matched without the architecture's prefix ("transformer." for
// GPT-2, "bert." for BERT; files saved from the bare model have none), and
// LayerNorm's old names gamma/beta stand for weight/bias. F32 tensors whose
// data is 4-byte aligned are used in place (no copy); matrix() and vector()
// convert F16, BF16 and F64 to float32 once, when first asked for, while
// linear() and table() keep aligned F16 and BF16 as they are stored.
#include <deque>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "mha/io/mapped_file.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/core/attention.hpp"
#include "mha/core/half.hpp"
#include "mha/core/matrix.hpp"

namespace mha {

class Checkpoint {
 public:
  // prefix: the architecture's ("transformer." or "bert."). Throws IoError /
  // FormatError naming the file for a missing folder or weights file, an
  // index naming a missing shard, a shard truncated or malformed.
  static Checkpoint open(const std::filesystem::path& dir, const std::string& prefix);

  // The 2-D tensor `name` (without prefix), checked to be a float tensor of
  // exactly shape [rows, cols]; `meaning` says where those sizes come from,
  // for the error: "[n_embd, 3·n_embd]". 1-D tensors are asked for with
  // vector(). ShapeError / FormatError naming the file and tensor otherwise.
  MatrixView matrix(const std::string& name, Index rows, Index cols, const std::string& meaning);
  // The same matrix as a dense layer's weights, left in its stored type
  // when that is BF16 or F16 (in place: the file's own pages, no copy), so
  // that a 16-bit model never exists in float32 whole; F32 as matrix().
  Linear linear(const std::string& name, Index rows, Index cols, const std::string& meaning, const float* bias,
                bool transposed);
  // An embedding table kept the same way; rows are turned into float32 as
  // they are looked up (embed()).
  struct Table {
    std::optional<MatrixView> f32;
    HalfView half;
  };
  Table table(const std::string& name, Index rows, Index cols, const std::string& meaning);
  VectorView vector(const std::string& name, Index size, const std::string& meaning);
  bool has(const std::string& name) const;

  // Tensors never asked for, in file order (buffers such as GPT-2's
  // attn.bias, BERT's pooler): the caller decides what to say about them.
  std::vector<std::string> unused() const;
  // The float dtype most of the bytes are stored in: "F32", "F16", "BF16".
  std::string dtype() const;
  const std::string& source() const { return source_; }  // the folder
  std::uint64_t bytes() const;                             // the weights files' total size

 private:
  struct Entry {
    const io::SafetensorsEntry* entry;
    const io::MappedFile* file;
    std::uint64_t data_start;
  };
  const Entry& find(const std::string& name, const std::vector<std::int64_t>& shape, const std::string& meaning);
  const float* floats(const Entry& e);
  std::optional<HalfView> half(const Entry& e, Index rows, Index cols) const;

  std::string source_;
  std::deque<io::MappedFile> files_;
  std::deque<io::SafetensorsLayout> layouts_;
  std::map<std::string, Entry> by_name_;  // name without prefix, gamma/beta renamed
  std::vector<std::string> order_;        // those names, in file order
  std::set<std::string> used_;
  std::deque<std::vector<float>> converted_;  // F16/BF16/F64/unaligned tensors as float32
};

}  // namespace mha
