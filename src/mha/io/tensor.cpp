#include "mha/io/tensor.hpp"

#include "mha/core/error.hpp"
#include "mha/io/detail/io_detail.hpp"

namespace mha::io {

namespace {

constexpr DType kAll[] = {DType::F16, DType::BF16, DType::F32, DType::F64};

void require_2d(const Tensor& t) {
  if (t.shape.size() != 2)
    throw ShapeError("tensor " + detail::quote(t.name) + " has shape " + shape_string(t.shape) + " (" +
                     std::to_string(t.shape.size()) + "-D) but a matrix (2-D) is needed here");
}

}  // namespace

std::string_view to_string(DType d) {
  switch (d) {
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::F32: return "F32";
    case DType::F64: return "F64";
  }
  return "?";
}

std::optional<DType> dtype_from_string(std::string_view s) {
  for (DType d : kAll)
    if (to_string(d) == s) return d;
  return std::nullopt;
}

std::size_t dtype_size(DType d) {
  switch (d) {
    case DType::F16:
    case DType::BF16: return 2;
    case DType::F32: return 4;
    case DType::F64: return 8;
  }
  return 4;
}

std::int64_t Tensor::rows() const {
  require_2d(*this);
  return shape[0];
}

std::int64_t Tensor::cols() const {
  require_2d(*this);
  return shape[1];
}

const Tensor* TensorSet::find(std::string_view name) const {
  for (const Tensor& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

std::string shape_string(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

std::optional<std::uint64_t> element_count(const std::vector<std::int64_t>& shape, std::uint64_t max_elements) {
  // A zero anywhere makes the product zero, whatever the other entries are,
  // so look for it before multiplying (2^40 x 2^40 x 0 is an empty tensor).
  bool empty = false;
  for (std::int64_t d : shape) {
    if (d < 0) return std::nullopt;
    if (d == 0) empty = true;
  }
  if (empty) return 0;
  std::uint64_t n = 1;
  for (std::int64_t d : shape) {
    const auto u = static_cast<std::uint64_t>(d);
    if (u > max_elements / n) return std::nullopt;  // n * u > max_elements, tested without overflow
    n *= u;
  }
  return n;
}

}  // namespace mha::io
