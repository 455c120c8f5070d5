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

#include "mha/core/config.hpp"
#include "mha/core/matrix.hpp"
#include "mha/core/recorder.hpp"
#include "mha/core/trace.hpp"
#include "mha/core/weights.hpp"

namespace mha {

// One product of a layer: out = X·W + b with W stored [in, out] (our x·W
// layout, and GPT-2's Conv1D), or out = X·Wᵀ + b with W stored [out, in]
// (transposed: nn.Linear's layout, BERT). W and b may point into a mapped
// checkpoint; b may be nullptr.
struct Product {
  const Matrix& X;
  MatrixView W;
  bool transposed;
  const float* b;
  Matrix& out;
};
// Several products at once, each cut into row blocks shared by up to
// `threads` threads. The cut depends only on the sizes, never on the
// machine, so the numbers are the same everywhere.
void project_all(const std::vector<Product>& products, std::size_t threads);

// InputError naming symbol[r, c] when m holds an infinity or NaN: finite
// weights whose products overflow float32 must not pass as masking.
void require_finite(const Matrix& m, const std::string& symbol);

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

// The heads' part of the layer, shared by the toy layer and every block of
// a real model: from Q [n, h·d_k], K [m, h·d_k], V [m, h·d_v] to the heads'
// A_i and C_i (compute_heads, on up to `threads` threads), then recorded in
// order and joined (record_heads): split_heads, scores, scale, mask,
// softmax, context for each head; returns Z = [C_0 | … | C_{h−1}].
struct HeadsSpec {
  int heads, d_k, d_v;
  bool causal;
  const std::vector<bool>& key_padding;  // m entries or empty
  std::size_t threads;
};
struct HeadResult {
  Matrix Q_i, K_i, V_i, S_i, scaled, masked, A_i, C_i;
};
std::vector<HeadResult> compute_heads(const Matrix& Q, const Matrix& K, const Matrix& V, const HeadsSpec& spec);
// weights, when given, receives a copy of every head's A_i, recorded or not.
Matrix record_heads(std::vector<HeadResult>&& heads, const HeadsSpec& spec, Recorder& rec,
                    std::vector<Matrix>* weights);
std::string concat_formula(int heads);  // "Z = [C_0 | … | C_11]"

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

// The whole layer. `config` must be resolved. When `trace` is given, the
// steps from project_q to output that `capture` keeps are appended to it
// (every step by default).
Matrix multi_head_attention(const AttentionInput& in, const AttentionWeights& w, const Config& config, Trace* trace,
                            const Capture& capture = {});

}  // namespace mha
