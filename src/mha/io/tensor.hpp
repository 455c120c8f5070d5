#pragma once
// Tensors as they come out of a weights file, before anyone decides what they
// mean. The loaders (safetensors.hpp, npy.hpp, tensor_json.hpp, and
// read_tensors.hpp which picks one by path) turn a file into a TensorSet; the
// model code then looks tensors up by name and checks their shapes.
//
// Every value is converted to float on reading (F16/BF16 exactly, F64 rounded
// to nearest), row-major (C order), whatever the file stored. `dtype` says what
// the file stored, for messages like "W_Q is F64 in the file".
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mha::io {

enum class DType { F16, BF16, F32, F64 };

// "F16", "BF16", "F32", "F64": the safetensors spelling.
std::string_view to_string(DType);
// The inverse of to_string; nullopt for any other spelling (case matters).
std::optional<DType> dtype_from_string(std::string_view);
// Bytes per element: 2, 2, 4, 8.
std::size_t dtype_size(DType);

struct Tensor {
  std::string name;
  DType dtype = DType::F32;                  // as stored in the file it came from
  std::vector<std::int64_t> shape;           // row-major (C order); {} = scalar
  std::vector<float> data;                   // converted to float, row-major, size = product(shape)

  // For 2-D tensors only: shape[0] and shape[1]. Throw mha::ShapeError naming
  // the tensor and its shape when the tensor is not 2-D.
  std::int64_t rows() const;
  std::int64_t cols() const;
};

struct TensorSet {
  std::string source;                        // file or folder name, for error messages
  std::vector<Tensor> tensors;               // in file order
  std::map<std::string, std::string> metadata;  // safetensors "__metadata__" (string -> string); empty otherwise
  const Tensor* find(std::string_view name) const;  // nullptr if absent
};

// "[3, 4]", "[]" for a scalar: the spelling every message uses.
std::string shape_string(const std::vector<std::int64_t>& shape);

// The number of elements of `shape` (1 for a scalar), or nullopt when an entry
// is negative or the product exceeds max_elements (2^58 by default, so that a
// byte count of 8 bytes an element still fits in an int64). Callers turn the
// nullopt into an error that says where the shape came from.
inline constexpr std::uint64_t kMaxElements = std::uint64_t{1} << 58;
std::optional<std::uint64_t> element_count(const std::vector<std::int64_t>& shape,
                                           std::uint64_t max_elements = kMaxElements);

}  // namespace mha::io
