#pragma once
// gemm: the one place a large float32 product is computed.
//   out = X·W      X [n, depth], W [depth, width]            -> out [n, width]
//   out = X·Wᵀ     X [n, depth], W [width, depth] (transposed) -> out [n, width]
// All row-major, each with its own row stride (ld*). Built with OpenBLAS
// (CMake option MHA_BLAS, on by default) this is its sgemm, single-threaded:
// the callers already share the work among threads (project_all), so the
// thread count, and with it the bytes, is ours to decide. Without it:
// Eigen's product, the same numbers within float tolerance. Below
// kBlasFrom multiply-adds Eigen's product in either build.
#include "mha/core/matrix.hpp"

namespace mha {

struct GemmOperand {
  const float* data;
  Index rows, cols, stride;  // stride: elements from one row to the next
};

// Products of at least this many multiply-adds (n · depth · width) go to BLAS.
constexpr Index kBlasFrom = Index{1} << 22;

void gemm(GemmOperand X, GemmOperand W, bool transposed, float* out, Index out_stride);

// "OpenBLAS 0.3.21 (Haswell)" or "Eigen 3.4.0": what gemm runs on, for --version and the benchmarks.
const char* gemm_backend();

}  // namespace mha
