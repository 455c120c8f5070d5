#pragma once
// All matrix types in one place. Row-major, because every tensor we read or
// write (JSON rows, .npy, safetensors) arrives row by row, and because a row
// is a token: row t of X is the vector of token t.
#include <Eigen/Core>

namespace mha {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using Index = Eigen::Index;
// Read-only views, e.g. of weights mapped from a checkpoint file.
using MatrixView = Eigen::Map<const Matrix>;
using VectorView = Eigen::Map<const RowVector>;
inline MatrixView view(const Matrix& m) { return MatrixView(m.data(), m.rows(), m.cols()); }

}  // namespace mha
