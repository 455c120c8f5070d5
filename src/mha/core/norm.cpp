#include "mha/core/norm.hpp"

#include <cmath>

namespace mha {

Matrix rms_norm(const Matrix& X, VectorView gamma, float eps) {
  Matrix out(X.rows(), X.cols());
  for (Index r = 0; r < X.rows(); ++r) {
    const float mean_square = X.row(r).squaredNorm() / static_cast<float>(X.cols());
    out.row(r) = (X.row(r) / std::sqrt(mean_square + eps)).cwiseProduct(gamma);
  }
  return out;
}

}  // namespace mha
