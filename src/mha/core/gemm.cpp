#include "mha/core/gemm.hpp"

#include <algorithm>
#include <mutex>
#include <string>

#ifdef MHA_BLAS
#include <cblas.h>
#endif

namespace mha {

namespace {

void eigen_gemm(GemmOperand X, GemmOperand W, bool transposed, float* out, Index out_stride) {
  using Strided = Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>;
  Eigen::Map<Matrix, 0, Eigen::OuterStride<>> Y(out, X.rows, transposed ? W.rows : W.cols,
                                                Eigen::OuterStride<>(out_stride));
  const Strided A(X.data, X.rows, X.cols, Eigen::OuterStride<>(X.stride));
  const Strided B(W.data, W.rows, W.cols, Eigen::OuterStride<>(W.stride));
  if (transposed)
    Y.noalias() = A * B.transpose();
  else
    Y.noalias() = A * B;
}

}  // namespace

void gemm(GemmOperand X, GemmOperand W, bool transposed, float* out, Index out_stride) {
  const Index n = X.rows, depth = X.cols, width = transposed ? W.rows : W.cols;
  if (n == 0 || width == 0) return;
  if (depth == 0) {  // an empty sum (BLAS refuses a zero leading dimension)
    for (Index r = 0; r < n; ++r) std::fill(out + r * out_stride, out + r * out_stride + width, 0.0f);
    return;
  }
#ifdef MHA_BLAS
  // Small products (a toy layer's 7 × 512 · 512 × 512) stay with Eigen: BLAS's
  // packing costs more than it saves there, and their numbers stay those of
  // the committed samples.
  if (n * depth * width < kBlasFrom) return eigen_gemm(X, W, transposed, out, out_stride);
  static std::once_flag single;
  std::call_once(single, [] { openblas_set_num_threads(1); });  // our threads, not OpenBLAS's
  cblas_sgemm(CblasRowMajor, CblasNoTrans, transposed ? CblasTrans : CblasNoTrans, static_cast<int>(n),
              static_cast<int>(width), static_cast<int>(depth), 1.0f, X.data, static_cast<int>(X.stride), W.data,
              static_cast<int>(W.stride), 0.0f, out, static_cast<int>(out_stride));
#else
  eigen_gemm(X, W, transposed, out, out_stride);
#endif
}

const char* gemm_backend() {
#ifdef MHA_BLAS
  static const std::string name = [] {
    std::string config = openblas_get_config();  // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64"
    return config.substr(0, config.find(' ', 9)) + " (" + openblas_get_corename() + ")";
  }();
  return name.c_str();
#else
  static const std::string name = "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
                                  std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION);
  return name.c_str();
#endif
}

}  // namespace mha
