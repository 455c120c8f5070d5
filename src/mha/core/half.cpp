#include "mha/core/half.hpp"

#include <bit>
#include <cmath>

namespace mha {

float half_to_float(std::uint16_t bits) {
  const std::uint32_t sign = std::uint32_t{bits} >> 15;
  const std::uint32_t exponent = (std::uint32_t{bits} >> 10) & 0x1f;
  const std::uint32_t mantissa = std::uint32_t{bits} & 0x3ff;
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24, exact in float (11 bits at most).
    const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  // Normal numbers re-biased (15 -> 127); infinities and NaNs keep an
  // all-ones exponent and their payload.
  const std::uint32_t e = exponent == 0x1f ? 0xff : exponent - 15 + 127;
  return std::bit_cast<float>((sign << 31) | (e << 23) | (mantissa << 13));
}

float bfloat_to_float(std::uint16_t bits) {
  // bfloat16 is the upper half of a float32.
  return std::bit_cast<float>(std::uint32_t{bits} << 16);
}

void HalfView::to_float(Matrix& out) const {
  out.resize(rows, cols);
  for (Index r = 0; r < rows; ++r) {
    const std::uint16_t* in = data + r * stride;
    float* o = out.data() + r * cols;
    if (type == HalfType::bf16) {
      // A shift per element: the compiler vectorises this loop.
      for (Index c = 0; c < cols; ++c) o[c] = std::bit_cast<float>(std::uint32_t{in[c]} << 16);
    } else {
      for (Index c = 0; c < cols; ++c) o[c] = half_to_float(in[c]);
    }
  }
}

}  // namespace mha
