#pragma once
// Tensors as JSON: what is accepted. The file is one object whose keys are
// tensor names (kept in file order) and whose values are either
//
//   nested arrays of numbers     "W_Q": [[0.1, 0.2], [0.3, 0.4]]   shape [2, 2]
//                                "b_Q": [0.5, -1]                   shape [2]
//                                "scale": 0.125                     shape [] (scalar)
//   or shape and flat data       "W_K": {"shape": [2, 2], "data": [0.1, 0.2, 0.3, 0.4]}
//
// Nested arrays must be rectangular (every row as long as the first; at most
// 64 levels). Values must be JSON numbers within the float range; null,
// strings, booleans are errors. Numbers are rounded to the nearest float and
// the dtype is recorded as F32 (JSON has no precision of its own). A name
// twice is an error. Errors are mha::FormatError "<source>: at <JSON path>:
// <expected>", e.g. "w.json: at W_Q[3]: expected 4 entries like W_Q[0], got 2".
#include <filesystem>
#include <string>
#include <string_view>

#include "mha/io/tensor.hpp"

namespace mha::io {

TensorSet read_tensor_json(const std::filesystem::path& file);
TensorSet parse_tensor_json(std::string_view bytes, const std::string& source);

}  // namespace mha::io
