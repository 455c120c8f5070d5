#include "mha/model/blocks.hpp"

#include <cmath>

namespace mha {

Matrix layer_norm(const Matrix& X, VectorView gamma, VectorView beta, float eps) {
  Matrix out(X.rows(), X.cols());
  const float d = static_cast<float>(X.cols());
  for (Index r = 0; r < X.rows(); ++r) {
    const float mean = X.row(r).sum() / d;
    const auto centred = (X.row(r).array() - mean).eval();
    const float var = centred.square().sum() / d;  // biased, as torch's layer_norm
    out.row(r) = (centred / std::sqrt(var + eps)) * gamma.array() + beta.array();
  }
  return out;
}

void activate(Matrix& X, Activation a) {
  auto x = X.array();
  switch (a) {
    case Activation::gelu_tanh: {
      const float c = std::sqrt(2.0f / 3.14159265358979f);
      x = 0.5f * x * (1.0f + (c * (x + 0.044715f * x.cube())).tanh());
      break;
    }
    case Activation::gelu_erf:
      for (Index i = 0; i < X.size(); ++i) {
        const float v = X.data()[i];
        X.data()[i] = 0.5f * v * (1.0f + std::erf(v / std::sqrt(2.0f)));
      }
      break;
    case Activation::relu: x = x.max(0.0f); break;
  }
}

void swiglu(Matrix& G, const Matrix& U) {
  auto g = G.array();
  g = g / (1.0f + (-g).exp()) * U.array();
}

}  // namespace mha
