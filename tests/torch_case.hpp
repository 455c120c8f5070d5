#pragma once
// What the torch reference tests share: a stored 2-D tensor as a Matrix and
// every case file of a fixture folder, sorted by name.
#include <algorithm>
#include <filesystem>
#include <vector>

#include "mha/core/matrix.hpp"
#include "mha/io/tensor.hpp"

namespace torch_case {

inline mha::Matrix matrix_of(const mha::io::Tensor& t) {  // [rows, cols], row-major as stored
  mha::Matrix m(t.shape[0], t.shape[1]);
  std::copy(t.data.begin(), t.data.end(), m.data());
  return m;
}

inline std::vector<std::filesystem::path> case_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".safetensors") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace torch_case
