#include "mha/core/weights.hpp"

#include <cmath>
#include <string_view>

#include "mha/core/rng.hpp"

namespace mha {

namespace {

Matrix uniform(Index rows, Index cols, double a, std::uint64_t seed, std::string_view name) {
  auto rng = stream_for(seed, name);
  Matrix W(rows, cols);
  for (Index r = 0; r < W.rows(); ++r)
    for (Index c = 0; c < W.cols(); ++c) W(r, c) = static_cast<float>(rng.uniform(-a, a));
  return W;
}

Matrix glorot_uniform(int fan_in, int fan_out, std::uint64_t seed, std::string_view name) {
  return uniform(fan_in, fan_out, std::sqrt(6.0 / (fan_in + fan_out)), seed, name);
}

RowVector linear_bias(int fan_in, int width, std::uint64_t seed, std::string_view name) {
  return uniform(1, width, 1.0 / std::sqrt(static_cast<double>(fan_in)), seed, name);
}

}  // namespace

AttentionWeights random_weights(const Config& c) {
  // Queries have h heads, keys and values h_kv (grouped-query attention; h_kv = h in plain attention).
  const int kv = c.kv_heads > 0 ? c.kv_heads : c.heads;
  const int q = c.heads * c.d_k, k = kv * c.d_k, kv_v = kv * c.d_v, v = c.heads * c.d_v;
  AttentionWeights w{glorot_uniform(c.d_model, q, c.seed, "W_Q"), glorot_uniform(c.kdim, k, c.seed, "W_K"),
                     glorot_uniform(c.vdim, kv_v, c.seed, "W_V"), glorot_uniform(v, c.d_model, c.seed, "W_O"),
                     {}, {}, {}, {}};
  if (c.bias) {
    w.b_Q = linear_bias(c.d_model, q, c.seed, "b_Q");
    w.b_K = linear_bias(c.kdim, k, c.seed, "b_K");
    w.b_V = linear_bias(c.vdim, kv_v, c.seed, "b_V");
    w.b_O = linear_bias(v, c.d_model, c.seed, "b_O");
  }
  return w;
}

}  // namespace mha
