#pragma once
// 16-bit floats as checkpoints store them, and weight matrices kept in that
// form: a BF16 model stays BF16 in memory (the mapped file's own pages) and
// is turned into float32 a panel at a time while it multiplies.
//   BF16: the upper 16 bits of a float32 (8 exponent bits, 7 mantissa bits)
//   F16:  IEEE half precision (5 exponent bits, 10 mantissa bits)
#include <cstdint>

#include "mha/core/matrix.hpp"

namespace mha {

float half_to_float(std::uint16_t bits);    // F16 -> float32, exact (subnormals, infinities, NaN kept)
float bfloat_to_float(std::uint16_t bits);  // BF16 -> float32, exact

enum class HalfType { bf16, f16 };

// A row-major [rows, cols] matrix of 16-bit floats, rows `stride` elements
// apart, read in place (it does not own `data`).
struct HalfView {
  const std::uint16_t* data = nullptr;
  Index rows = 0, cols = 0, stride = 0;
  HalfType type = HalfType::bf16;

  float operator()(Index r, Index c) const {
    const std::uint16_t bits = data[r * stride + c];
    return type == HalfType::bf16 ? bfloat_to_float(bits) : half_to_float(bits);
  }
  // The block [r0, r0 + rows) × [c0, c0 + cols), still in place.
  HalfView block(Index r0, Index c0, Index block_rows, Index block_cols) const {
    return {data + r0 * stride + c0, block_rows, block_cols, stride, type};
  }
  // The whole view as float32, row-major, into out [rows, cols] (resized).
  void to_float(Matrix& out) const;
};

}  // namespace mha
