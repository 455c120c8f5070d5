#pragma once
// Multi-head attention, one function per step (names as in steps.hpp).
// Shapes: n query tokens, m key tokens (m = n in self-attention), d = d_model,
// h heads, d_k per head for queries and keys, d_v per head for values.
//
//   Q = X·W_Q + b_Q,  K = X_k·W_K + b_K,  V = X_v·W_V + b_V    [n, h·d_k], [m, h·d_k], [m, h·d_v]
//   Q_i = Q[:, i·d_k : (i+1)·d_k]   (K_i likewise, V_i with d_v) [n, d_k]
//   S_i = Q_i·K_iᵀ                                             [n, m]
//   A_i = softmax(S_i / √d_k + M)   row by row                 [n, m]
//   C_i = A_i·V_i                                              [n, d_v]
//   Z   = [C_0 | … | C_{h−1}]                                  [n, h·d_v]
//   Y   = Z·W_O + b_O                                          [n, d]
//
// In self-attention X_k = X_v = X. Every head sees all tokens; what a head
// owns is d_k feature columns of Q and K and d_v of V.
//
// M holds −∞ where key k may not be seen by query q (k > q with a causal
// mask; k a padding token). A row of M that is −∞ everywhere leaves query q
// nothing to attend to: PyTorch returns NaN there; we return A row = 0, so
// C row = 0 and Y row = b_O, and list the row in Trace::fully_masked_rows.
#include <vector>

#include "mha/config.hpp"
#include "mha/matrix.hpp"
#include "mha/trace.hpp"
#include "mha/weights.hpp"

namespace mha {

Matrix project(const Matrix& X, const Matrix& W, const std::optional<RowVector>& b);  // X·W + b
Matrix split_heads(const Matrix& M, int head, int width);     // columns [head·width, (head+1)·width)
Matrix scores(const Matrix& Q_i, const Matrix& K_i);          // Q_i·K_iᵀ -> [n, m]
Matrix scale(const Matrix& S_i, int d_k);                     // S_i / √d_k
// −∞ where key k > query q (causal) or key k is padding (key_padding[k]).
Matrix mask(const Matrix& S_i, bool causal, const std::vector<bool>& key_padding);
Matrix softmax(const Matrix& S_i);                            // row-wise, row maximum subtracted; all −∞ row -> 0
Matrix context(const Matrix& A_i, const Matrix& V_i);         // A_i·V_i -> [n, d_v]
Matrix concat(const std::vector<Matrix>& C);                  // [C_0 | … | C_{h−1}] -> [n, h·d_v]
Matrix output(const Matrix& Z, const Matrix& W_O, const std::optional<RowVector>& b_O);  // Z·W_O + b_O

// The query rows whose every key is masked.
std::vector<int> fully_masked_rows(Index n, Index m, bool causal, const std::vector<bool>& key_padding);

// What the layer reads. In self-attention X_k and X_v are X itself.
struct AttentionInput {
  const Matrix& X;    // [n, d_model]: queries come from these rows
  const Matrix& X_k;  // [m, kdim]: keys
  const Matrix& X_v;  // [m, vdim]: values
  Labels query_labels;             // n
  Labels key_labels;               // m
  std::vector<bool> key_padding;   // m entries (true = padding) or empty
  std::string key_symbol = "X";    // how X_k and X_v are written in formulas ("X", or "X_ctx" in cross-attention)
  std::string value_symbol = "X";
};

// The whole layer. `config` must be resolved. When `trace` is given, every
// step from project_q to output is appended to it.
Matrix multi_head_attention(const AttentionInput& in, const AttentionWeights& w, const Config& config, Trace* trace);

}  // namespace mha
