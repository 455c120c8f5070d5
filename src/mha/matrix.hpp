#pragma once
// All matrix types in one place. Row-major, because every tensor we read or
// write (JSON rows, .npy, safetensors) arrives row by row, and because a row
// is a token: row t of X is the vector of token t.
#include <Eigen/Core>

namespace mha {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using Index = Eigen::Index;

}  // namespace mha
