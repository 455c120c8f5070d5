#include "mha/io/safetensors.hpp"

#include <algorithm>
#include <set>

#include "mha/core/error.hpp"
#include "mha/io/detail/io_detail.hpp"
#include "mha/io/detail/json_document.hpp"

namespace mha::io {

namespace {

using detail::fail;
using detail::Json;
using detail::quote;

constexpr std::string_view kMetadataKey = "__metadata__";

using Entry = SafetensorsEntry;

// Bytes per element of the dtypes a checkpoint may hold besides the float
// ones (integer buffers such as BERT's position_ids); 0 for an unknown name.
std::size_t other_dtype_size(std::string_view d) {
  if (d == "BOOL" || d == "U8" || d == "I8" || d == "F8_E4M3" || d == "F8_E5M2") return 1;
  if (d == "I16" || d == "U16") return 2;
  if (d == "I32" || d == "U32") return 4;
  if (d == "I64" || d == "U64") return 8;
  return 0;
}

std::map<std::string, std::string> read_metadata(const Json& value, std::string_view source) {
  if (!value.is_object()) fail(source, "header: \"__metadata__\" must be an object of strings, got " + detail::json_kind(value));
  std::map<std::string, std::string> out;
  for (const auto& [key, v] : value.items()) {
    if (!v.is_string())
      fail(source, "header: \"__metadata__\"." + quote(key) + " must be a string, got " + detail::json_kind(v));
    out.emplace(key, v.get<std::string>());
  }
  return out;
}

Entry read_entry(const std::string& name, const Json& value, std::uint64_t buffer_size, std::string_view source,
                 bool other_dtypes) {
  const std::string where = "tensor " + quote(name);
  if (!value.is_object())
    fail(source, where + ": header entry must be an object with dtype, shape and data_offsets, got " +
                     detail::json_kind(value));
  for (const char* key : {"dtype", "shape", "data_offsets"})
    if (!value.contains(key)) fail(source, where + ": header entry has no \"" + key + "\"");

  Entry e;
  e.tensor.name = name;
  const Json& dtype = value["dtype"];
  if (!dtype.is_string()) fail(source, where + ": dtype must be a string such as \"F32\", got " + detail::json_kind(dtype));
  e.dtype_name = dtype.get<std::string>();
  const auto d = dtype_from_string(e.dtype_name);
  const std::size_t other = other_dtypes && !d ? other_dtype_size(e.dtype_name) : 0;
  if (!d && other == 0)
    fail(source, where + ": dtype " + quote(e.dtype_name) +
                     (other_dtypes ? " is not a safetensors dtype" : " is not supported (accepted: F16, BF16, F32, F64)"));
  e.float_dtype = d.has_value();
  if (d) e.tensor.dtype = *d;
  const std::size_t element_size = d ? dtype_size(*d) : other;
  e.tensor.shape = detail::json_counts(value["shape"], source, where + ": shape");
  const auto count = element_count(e.tensor.shape);
  if (!count) fail(source, where + ": shape " + shape_string(e.tensor.shape) + " has more than 2^58 elements");

  const auto offsets = detail::json_counts(value["data_offsets"], source, where + ": data_offsets");
  if (offsets.size() != 2)
    fail(source, where + ": data_offsets must be [begin, end], got " + std::to_string(offsets.size()) + " numbers");
  e.begin = static_cast<std::uint64_t>(offsets[0]);
  e.end = static_cast<std::uint64_t>(offsets[1]);
  const std::string span = "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "]";
  if (e.end < e.begin) fail(source, where + ": " + span + " end before they begin");
  const std::uint64_t needed = *count * element_size;  // <= 2^61, no overflow
  if (e.end - e.begin != needed)
    fail(source, where + ": " + span + " hold " + std::to_string(e.end - e.begin) + " bytes but " +
                     e.dtype_name + " shape " + shape_string(e.tensor.shape) + " needs " +
                     std::to_string(needed));
  if (e.end > buffer_size)
    fail(source, where + ": " + span + " run past the end of the data buffer, which has " +
                     std::to_string(buffer_size) + " bytes");
  return e;
}

// The tensors must tile the buffer exactly, as the format requires.
void check_tiling(std::vector<const Entry*> entries, std::uint64_t buffer_size, std::string_view source) {
  std::sort(entries.begin(), entries.end(),
            [](const Entry* a, const Entry* b) { return a->begin != b->begin ? a->begin < b->begin : a->end < b->end; });
  std::uint64_t covered = 0;
  const Entry* previous = nullptr;
  for (const Entry* e : entries) {
    if (e->begin < covered)
      fail(source, "tensor " + quote(e->tensor.name) + ": data_offsets [" + std::to_string(e->begin) + ", " +
                       std::to_string(e->end) + "] overlap those of tensor " + quote(previous->tensor.name));
    if (e->begin > covered)
      fail(source, "bytes " + std::to_string(covered) + " to " + std::to_string(e->begin) +
                       " of the data buffer belong to no tensor (tensors must follow each other without gaps)");
    covered = e->end;
    previous = e;
  }
  if (covered != buffer_size)
    fail(source, "the data buffer has " + std::to_string(buffer_size - covered) +
                     " bytes after the last tensor (expected it to end at byte " + std::to_string(covered) + ")");
}

}  // namespace

TensorSet read_safetensors(const std::filesystem::path& file) {
  return parse_safetensors(detail::read_file(file), file.string());
}

SafetensorsLayout parse_safetensors_layout(std::string_view bytes, const std::string& source, bool other_dtypes) {
  if (bytes.size() < 8)
    fail(source, "has " + std::to_string(bytes.size()) +
                     " bytes, too few for a safetensors file (8-byte header length, then a JSON header)");
  const std::uint64_t header_size = detail::load_le(bytes, 0, 8);
  if (header_size > bytes.size() - 8)
    fail(source, "header length " + std::to_string(header_size) + " (bytes 0-7, little-endian) runs past the end of the file, which has " +
                     std::to_string(bytes.size()) + " bytes");
  const std::string_view header = bytes.substr(8, header_size);
  const std::string_view buffer = bytes.substr(8 + header_size);
  const Json doc = detail::parse_json_object(header, source, "the header", 8);

  SafetensorsLayout layout;
  layout.data_start = 8 + header_size;
  for (const auto& [key, value] : doc.items()) {
    if (key == kMetadataKey)
      layout.metadata = read_metadata(value, source);
    else
      layout.entries.push_back(read_entry(key, value, buffer.size(), source, other_dtypes));
  }
  std::vector<const Entry*> order;
  for (const Entry& e : layout.entries) order.push_back(&e);
  check_tiling(order, buffer.size(), source);
  return layout;
}

TensorSet parse_safetensors(std::string_view bytes, const std::string& source) {
  SafetensorsLayout layout = parse_safetensors_layout(bytes, source, false);
  const std::string_view buffer = bytes.substr(layout.data_start);
  TensorSet set;
  set.source = source;
  set.metadata = std::move(layout.metadata);
  for (Entry& e : layout.entries) {
    e.tensor.data = detail::decode(e.tensor.dtype, buffer.substr(e.begin, e.end - e.begin));
    set.tensors.push_back(std::move(e.tensor));
  }
  return set;
}

std::string write_safetensors(const std::vector<Tensor>& tensors, const std::map<std::string, std::string>& metadata) {
  Json header = Json::object();
  if (!metadata.empty()) header[kMetadataKey] = metadata;
  std::set<std::string_view> names;
  std::uint64_t offset = 0;
  for (const Tensor& t : tensors) {
    if (t.name == kMetadataKey) throw InputError("tensor name \"__metadata__\" is reserved in safetensors files");
    if (!names.insert(t.name).second) throw InputError("tensor name " + quote(t.name) + " is used twice");
    const std::uint64_t bytes = 4 * detail::checked_size(t);
    header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text;
  try {
    text = header.dump();
  } catch (const nlohmann::json::type_error&) {
    throw InputError("a tensor name or metadata entry is not valid UTF-8, which safetensors headers must be");
  }
  text.append((8 - text.size() % 8) % 8, ' ');  // the data starts 8-byte aligned
  std::string out;
  detail::append_le(out, text.size(), 8);
  out += text;
  for (const Tensor& t : tensors) detail::append_f32(out, t.data);
  return out;
}

}  // namespace mha::io
