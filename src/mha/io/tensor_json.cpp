#include "mha/io/tensor_json.hpp"

#include <cmath>

#include "mha/io/detail/io_detail.hpp"
#include "mha/io/detail/json_document.hpp"

namespace mha::io {

namespace {

using detail::fail;
using detail::Json;

constexpr std::size_t kMaxDepth = 64;

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  Tensor tensor(const std::string& name, const Json& value) {
    Tensor t;
    t.name = name;
    const std::string quoted = detail::quote(name);
    const std::string path = quoted.substr(1, quoted.size() - 2);  // W_Q, escaped for one line
    if (value.is_object())
      flat(t, value, path);
    else if (value.is_array() || value.is_number())
      nested(t, value, path);
    else
      fail(source_, "at " + path + ": expected nested arrays of numbers or {\"shape\": [...], \"data\": [...]}, got " +
                        detail::json_kind(value));
    return t;
  }

 private:
  float number(const Json& v, const std::string& path) const {
    if (!v.is_number()) fail(source_, "at " + path + ": expected a number, got " + detail::json_kind(v));
    const float f = static_cast<float>(v.get<double>());
    if (!std::isfinite(f)) fail(source_, "at " + path + ": " + v.dump() + " is outside the float range");
    return f;
  }

  // The shape is read along the first entries; fill() then holds every other
  // entry to it.
  void nested(Tensor& t, const Json& value, const std::string& path) const {
    for (const Json* v = &value; v->is_array(); v = &(*v)[0]) {
      if (t.shape.size() == kMaxDepth)
        fail(source_, "at " + path + ": arrays nested deeper than " + std::to_string(kMaxDepth) + " levels");
      t.shape.push_back(static_cast<std::int64_t>(v->size()));
      if (v->empty()) break;
    }
    fill(t, value, 0, path, path);
  }

  // `path` is where v is; `root` the tensor's own path, to name the entry
  // whose length every row must have (W_Q[0] for the rows of W_Q).
  void fill(Tensor& t, const Json& v, std::size_t depth, const std::string& path, const std::string& root) const {
    if (depth == t.shape.size()) {
      t.data.push_back(number(v, path));
      return;
    }
    std::string first = root;
    for (std::size_t d = 0; d < depth; ++d) first += "[0]";
    const auto n = static_cast<std::size_t>(t.shape[depth]);
    if (!v.is_array() || v.size() != n)
      fail(source_, "at " + path + ": expected " + std::to_string(n) + " entries like " + first + ", got " +
                        (v.is_array() ? std::to_string(v.size()) : detail::json_kind(v)) +
                        " (rows must all have the same length)");
    for (std::size_t i = 0; i < n; ++i) fill(t, v[i], depth + 1, path + "[" + std::to_string(i) + "]", root);
  }

  void flat(Tensor& t, const Json& value, const std::string& path) const {
    for (const auto& [key, v] : value.items())
      if (key != "shape" && key != "data")
        fail(source_, "at " + path + ": unexpected key " + detail::quote(key) + " (expected \"shape\" and \"data\")");
    for (const char* key : {"shape", "data"})
      if (!value.contains(key)) fail(source_, "at " + path + ": no \"" + key + "\" (expected \"shape\" and \"data\")");
    t.shape = detail::json_counts(value["shape"], source_, "at " + path + ".shape");
    const auto count = element_count(t.shape);
    if (!count) fail(source_, "at " + path + ".shape: " + shape_string(t.shape) + " has more than 2^58 elements");
    const Json& data = value["data"];
    if (!data.is_array()) fail(source_, "at " + path + ".data: expected an array of numbers, got " + detail::json_kind(data));
    if (data.size() != *count)
      fail(source_, "at " + path + ".data: has " + std::to_string(data.size()) + " numbers but shape " +
                        shape_string(t.shape) + " needs " + std::to_string(*count));
    t.data.reserve(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) t.data.push_back(number(data[i], path + ".data[" + std::to_string(i) + "]"));
  }

  std::string_view source_;
};

}  // namespace

TensorSet read_tensor_json(const std::filesystem::path& file) {
  return parse_tensor_json(detail::read_file(file), file.string());
}

TensorSet parse_tensor_json(std::string_view bytes, const std::string& source) {
  const Json doc = detail::parse_json_object(bytes, source, "the file", 0);
  TensorSet set;
  set.source = source;
  Reader reader(source);
  for (const auto& [name, value] : doc.items()) set.tensors.push_back(reader.tensor(name, value));
  return set;
}

}  // namespace mha::io
