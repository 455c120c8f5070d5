#pragma once
// The parameters of one multi-head attention layer, in the x·W layout:
// a row vector x (one token) times W gives the projected row.
#include <cstdint>

#include "mha/matrix.hpp"

namespace mha {

struct AttentionWeights {
  Matrix W_Q;  // [d_model, d_model]; columns i·d_k..(i+1)·d_k-1 belong to head i
  Matrix W_K;  // [d_model, d_model]
  Matrix W_V;  // [d_model, d_model]
  Matrix W_O;  // [d_model, d_model]; rows i·d_k..(i+1)·d_k-1 read head i's context
};

// Glorot/Xavier-uniform weights: U(-a, a), a = sqrt(6 / (fan_in + fan_out)),
// the initialisation torch.nn.MultiheadAttention uses for its projections.
// Each matrix has its own stream, stream_for(seed, "W_Q") etc.
AttentionWeights random_weights(int d_model, std::uint64_t seed);

}  // namespace mha
