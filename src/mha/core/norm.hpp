#pragma once
// RMSNorm (Zhang & Sennrich 2019), the norm of Llama, Mistral and Qwen: each
// row x scaled to a root mean square of 1, then γ feature by feature. No
// mean is subtracted and there is no β (LayerNorm has both).
//   RMSNorm(x) = x / √(mean(x²) + ε) ⊙ γ                            [rows, d]
// A block's norms (model/blocks.hpp) and Qwen3's q/k norm of each head
// (the step qk_norm, attention.hpp) are this one function.
#include "mha/core/matrix.hpp"

namespace mha {

Matrix rms_norm(const Matrix& X, VectorView gamma, float eps);

}  // namespace mha
