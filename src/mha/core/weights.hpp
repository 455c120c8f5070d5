#pragma once
// The parameters of one multi-head attention layer, in the x·W layout:
// a row vector x (one token) times W gives the projected row, plus b.
// Sizes: d = d_model, h heads, d_k / d_v per head, kdim / vdim the widths of
// the vectors keys and values are computed from (d_model in self-attention).
#include <cstdint>
#include <optional>

#include "mha/core/config.hpp"
#include "mha/core/matrix.hpp"

namespace mha {

struct AttentionWeights {
  Matrix W_Q;  // [d, h·d_k]; columns i·d_k..(i+1)·d_k-1 belong to head i
  Matrix W_K;  // [kdim, h_kv·d_k]  (h_kv = h unless grouped-query attention)
  Matrix W_V;  // [vdim, h_kv·d_v]; columns j·d_v..(j+1)·d_v-1 belong to key/value head j
  Matrix W_O;  // [h·d_v, d]; rows i·d_v..(i+1)·d_v-1 read head i's context
  std::optional<RowVector> b_Q, b_K, b_V, b_O;  // [h·d_k], [h_kv·d_k], [h_kv·d_v], [d]; all or none
};

// Glorot/Xavier-uniform weights: U(-a, a), a = sqrt(6 / (fan_in + fan_out)),
// the initialisation torch.nn.MultiheadAttention uses for its projections.
// With config.bias, biases U(-1/√fan_in, 1/√fan_in) as nn.Linear draws them.
// Each tensor has its own stream, stream_for(seed, "W_Q"), "b_Q" etc.
// `config` must be resolved.
AttentionWeights random_weights(const Config& config);

}  // namespace mha
