#include "mha/model/checkpoint.hpp"

#include <algorithm>
#include <cstdint>

#include "mha/core/error.hpp"
#include "mha/io/detail/io_detail.hpp"
#include "mha/io/detail/json_document.hpp"

namespace mha {

namespace {

namespace fs = std::filesystem;
using io::detail::quote;
using io::shape_string;

// "bert.encoder.layer.0.attention.output.LayerNorm.gamma" -> "encoder.layer.0.attention.output.LayerNorm.weight"
std::string canonical_name(std::string name, const std::string& prefix) {
  if (name.starts_with(prefix)) name.erase(0, prefix.size());
  if (name.ends_with(".gamma")) name.replace(name.size() - 6, 6, ".weight");
  if (name.ends_with(".beta")) name.replace(name.size() - 5, 5, ".bias");
  return name;
}

// The shard files an index names, checked to be plain file names in DIR.
std::map<std::string, std::string> read_index(const fs::path& index) {
  const std::string source = index.string();
  const auto doc = io::detail::parse_json_object(io::detail::read_file(index), source, "the index", 0);
  if (!doc.contains("weight_map") || !doc["weight_map"].is_object())
    io::detail::fail(source, "has no \"weight_map\" object; expected {\"weight_map\": {tensor name: shard file}}");
  std::map<std::string, std::string> map;
  for (const auto& [name, file] : doc["weight_map"].items()) {
    if (!file.is_string())
      io::detail::fail(source, "\"weight_map\"." + quote(name) + " is " + io::detail::json_kind(file) +
                                   "; expected the shard's file name");
    const std::string f = file.get<std::string>();
    if (f.empty() || f.find('/') != std::string::npos || f.find('\\') != std::string::npos || f == "." || f == "..")
      io::detail::fail(source, "\"weight_map\"." + quote(name) + " names " + quote(f) +
                                   "; expected a file name in the model's folder");
    map.emplace(name, f);
  }
  if (map.empty()) io::detail::fail(source, "\"weight_map\" is empty; expected the model's tensors");
  return map;
}

std::string shape_meaning(const std::vector<std::int64_t>& shape, const std::string& meaning) {
  return shape_string(shape) + (meaning.empty() ? "" : " = " + meaning);
}

}  // namespace

using io::shape_string;

Checkpoint Checkpoint::open(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  Checkpoint c;
  c.source_ = dir.string();
  const fs::path single = dir / "model.safetensors", index = dir / "model.safetensors.index.json";
  std::vector<std::string> shards;
  std::map<std::string, std::string> weight_map;
  if (fs::exists(single, ec)) {
    shards.push_back("model.safetensors");
  } else if (fs::exists(index, ec)) {
    weight_map = read_index(index);
    for (const auto& [name, file] : weight_map)
      if (std::find(shards.begin(), shards.end(), file) == shards.end()) shards.push_back(file);
    std::sort(shards.begin(), shards.end());
  } else {
    throw IoError(dir.string() + ": has no model.safetensors or model.safetensors.index.json" +
                  " (pytorch_model.bin is not read; expected the safetensors files HuggingFace publishes)");
  }
  for (const auto& shard : shards) {
    const fs::path path = dir / shard;
    if (!fs::exists(path, ec))
      throw IoError(index.string() + ": names the shard " + quote(shard) + ", which is not in " + dir.string());
    const io::MappedFile& file = c.files_.emplace_back(io::MappedFile::open(path));
    const io::SafetensorsLayout& layout =
        c.layouts_.emplace_back(io::parse_safetensors_layout(file.bytes(), file.source(), true));
    for (const auto& e : layout.entries) {
      const std::string name = canonical_name(e.tensor.name, prefix);
      if (!c.by_name_.emplace(name, Entry{&e, &file, layout.data_start}).second)
        io::detail::fail(file.source(), "tensor " + quote(e.tensor.name) + " is given twice (as " + quote(name) +
                                            " once the prefix " + quote(prefix) + " and gamma/beta are read)");
      c.order_.push_back(name);
    }
  }
  for (const auto& [name, file] : weight_map) {
    const auto it = c.by_name_.find(canonical_name(name, prefix));
    if (it == c.by_name_.end() || fs::path(it->second.file->source()).filename() != file)
      io::detail::fail(index.string(), "names tensor " + quote(name) + " in " + quote(file) +
                                           ", which does not hold it");
  }
  return c;
}

bool Checkpoint::has(const std::string& name) const { return by_name_.count(name) > 0; }

const Checkpoint::Entry& Checkpoint::find(const std::string& name, const std::vector<std::int64_t>& shape,
                                          const std::string& meaning) {
  const auto it = by_name_.find(name);
  if (it == by_name_.end())
    throw FormatError(source_ + ": tensor " + quote(name) + " is missing; expected shape " +
                      shape_meaning(shape, meaning) + " (the model's config.json asks for it)");
  const Entry& e = it->second;
  const std::string where = e.file->source() + ": tensor " + quote(e.entry->tensor.name);
  if (!e.entry->float_dtype)
    throw FormatError(where + " is " + e.entry->dtype_name + "; expected a float tensor (F32, F16, BF16)");
  if (e.entry->tensor.shape != shape)
    throw ShapeError(where + " has shape " + shape_string(e.entry->tensor.shape) + "; expected " +
                     shape_meaning(shape, meaning) + " from config.json");
  used_.insert(name);
  return e;
}

const float* Checkpoint::floats(const Entry& e) {
  const std::string_view bytes =
      e.file->bytes().substr(e.data_start + e.entry->begin, e.entry->end - e.entry->begin);
  if (e.entry->tensor.dtype == io::DType::F32 && reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(float) == 0)
    return reinterpret_cast<const float*>(bytes.data());  // in place: the file's own pages
  return converted_.emplace_back(io::detail::decode(e.entry->tensor.dtype, bytes)).data();
}

std::optional<HalfView> Checkpoint::half(const Entry& e, Index rows, Index cols) const {
  const io::DType t = e.entry->tensor.dtype;
  const char* data = e.file->bytes().data() + e.data_start + e.entry->begin;
  if ((t != io::DType::BF16 && t != io::DType::F16) || reinterpret_cast<std::uintptr_t>(data) % 2 != 0)
    return std::nullopt;
  return HalfView{reinterpret_cast<const std::uint16_t*>(data), rows, cols, cols,
                  t == io::DType::BF16 ? HalfType::bf16 : HalfType::f16};
}

Linear Checkpoint::linear(const std::string& name, Index rows, Index cols, const std::string& meaning,
                          const float* bias, bool transposed) {
  const Entry& e = find(name, {rows, cols}, meaning);
  if (const auto h = half(e, rows, cols)) return Linear(*h, bias, transposed);
  return Linear(MatrixView(floats(e), rows, cols), bias, transposed);
}

Checkpoint::Table Checkpoint::table(const std::string& name, Index rows, Index cols, const std::string& meaning) {
  const Entry& e = find(name, {rows, cols}, meaning);
  if (const auto h = half(e, rows, cols)) return {std::nullopt, *h};
  return {MatrixView(floats(e), rows, cols), {}};
}

MatrixView Checkpoint::matrix(const std::string& name, Index rows, Index cols, const std::string& meaning) {
  return MatrixView(floats(find(name, {rows, cols}, meaning)), rows, cols);
}

VectorView Checkpoint::vector(const std::string& name, Index size, const std::string& meaning) {
  return VectorView(floats(find(name, {size}, meaning)), size);
}

std::vector<std::string> Checkpoint::unused() const {
  std::vector<std::string> out;
  for (const auto& name : order_)
    if (!used_.count(name)) out.push_back(name);
  return out;
}

std::string Checkpoint::dtype() const {
  std::map<std::string, std::uint64_t> bytes;
  for (const auto& [name, e] : by_name_)
    if (e.entry->float_dtype) bytes[e.entry->dtype_name] += e.entry->end - e.entry->begin;
  std::string best = "F32";
  std::uint64_t most = 0;
  for (const auto& [d, n] : bytes)
    if (n > most) best = d, most = n;
  return best;
}

std::uint64_t Checkpoint::bytes() const {
  std::uint64_t n = 0;
  for (const auto& f : files_) n += f.bytes().size();
  return n;
}

}  // namespace mha
