#pragma once
// The parts of a transformer block around the attention, row by row (a row
// is a token): LayerNorm and the feed-forward's non-linearities.
#include "mha/core/matrix.hpp"
#include "mha/core/norm.hpp"
#include "mha/model/model_config.hpp"

namespace mha {

// LN(x) = γ ⊙ (x − μ) / √(σ² + ε) + β for each row x of X, μ and σ² its
// mean and (biased) variance.                                       [n, d]
Matrix layer_norm(const Matrix& X, VectorView gamma, VectorView beta, float eps);

// GELU (tanh form, GPT-2's gelu_new): 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))
// GELU (exact, BERT's gelu):          0.5x(1 + erf(x/√2))
// ReLU: max(x, 0). In place, element by element.
void activate(Matrix& X, Activation a);

// SwiGLU (Shazeer 2020), the Llama family's feed-forward gate: in place,
//   G ← silu(G) ⊙ U,  silu(g) = g·σ(g) = g / (1 + e^(−g))             [n, d_ff]
void swiglu(Matrix& G, const Matrix& U);

// RMSNorm is core/norm.hpp's rms_norm (also Qwen3's q/k norm).

}  // namespace mha
