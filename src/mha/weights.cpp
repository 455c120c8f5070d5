#include "mha/weights.hpp"

#include <cmath>
#include <string_view>

#include "mha/rng.hpp"

namespace mha {

namespace {
Matrix glorot_uniform(int fan_in, int fan_out, std::uint64_t seed, std::string_view name) {
  auto rng = stream_for(seed, name);
  const double a = std::sqrt(6.0 / (fan_in + fan_out));
  Matrix W(fan_in, fan_out);
  for (Index r = 0; r < W.rows(); ++r)
    for (Index c = 0; c < W.cols(); ++c) W(r, c) = static_cast<float>(rng.uniform(-a, a));
  return W;
}
}  // namespace

AttentionWeights random_weights(int d_model, std::uint64_t seed) {
  return {glorot_uniform(d_model, d_model, seed, "W_Q"), glorot_uniform(d_model, d_model, seed, "W_K"),
          glorot_uniform(d_model, d_model, seed, "W_V"), glorot_uniform(d_model, d_model, seed, "W_O")};
}

}  // namespace mha
