#pragma once
// Multi-head attention, one function per step (names as in steps.hpp).
// Shapes: n query tokens, m key tokens (m = n in self-attention), d = d_model,
// h heads, d_k per head for queries and keys, d_v per head for values.
//
//   Q = X·W_Q + b_Q,  K = X_k·W_K + b_K,  V = X_v·W_V + b_V    [n, h·d_k], [m, h·d_k], [m, h·d_v]
//   Q_i = Q[:, i·d_k : (i+1)·d_k]   (K_i likewise, V_i with d_v) [n, d_k]
//   with RoPE: Q_rot_i = rope(Q_i), K_rot_i = rope(K_i), and S_i reads them [n, d_k]
//   S_i = Q_i·K_iᵀ                                             [n, m]
//   A_i = softmax(S_i / √d_k + M)   row by row                 [n, m]
//   C_i = A_i·V_i                                              [n, d_v]
//   Z   = [C_0 | … | C_{h−1}]                                  [n, h·d_v]
//   Y   = Z·W_O + b_O                                          [n, d]
//
// In self-attention X_k = X_v = X. Every head sees all tokens; what a head
// owns is d_k feature columns of Q and K and d_v of V. With grouped-query
// attention K and V have only h_kv heads (h_kv divides h): query head i
// reads key/value head j = i / (h / h_kv), so K_i = K[:, j·d_k : (j+1)·d_k].
//
// M holds −∞ where key k may not be seen by query q (k > q with a causal
// mask; k a padding token). A row of M that is −∞ everywhere leaves query q
// nothing to attend to: PyTorch returns NaN there; we return A row = 0, so
// C row = 0 and Y row = b_O, and list the row in Trace::fully_masked_rows.
//
// The steps before these (tokenize, embed, position) are in embed.hpp and
// pipeline.hpp; a real model's blocks (model/) call these same functions.
#include <string>
#include <vector>

#include "mha/core/config.hpp"
#include "mha/core/half.hpp"
#include "mha/core/matrix.hpp"
#include "mha/core/recorder.hpp"
#include "mha/core/trace.hpp"
#include "mha/core/weights.hpp"

namespace mha {

// A weight matrix read in place, possibly a block of a wider one (GPT-2's
// c_attn holds W_Q | W_K | W_V side by side): rows one outer stride apart.
using WeightView = Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>;

// A dense layer's weights: out = X·W + b with W stored [in, out] (our x·W
// layout, and GPT-2's Conv1D), or out = X·Wᵀ + b with W stored [out, in]
// (transposed: nn.Linear's layout, BERT). W and b may point into a mapped
// checkpoint; b holds one value per output column, or is nullptr.
struct Linear {
  Linear(MatrixView W, const float* b, bool transposed = false);
  Linear(WeightView W, const float* b, bool transposed);
  // BF16 or F16 weights used where they lie (a mapped checkpoint's pages):
  // project_all turns them into float32 one panel of output columns at a
  // time while it multiplies, so the model never exists in float32 whole.
  Linear(HalfView W, const float* b, bool transposed);
  // The output columns [first, first + count): W's columns (rows when
  // transposed) and b's entries there.
  Linear columns(Index first, Index count) const;
  Index outputs() const;  // the output's width: W's columns (rows when transposed)

  WeightView W;   // float32 weights; empty when `half` holds them
  HalfView half;  // 16-bit weights (half.data set), or none
  const float* b;
  bool transposed;
};
Linear linear(const Matrix& W, const std::optional<RowVector>& b);  // our layout: X·W + b

// out = X·W + b, to be computed by project_all.
struct Product {
  const Matrix& X;
  Linear weights;
  Matrix& out;
};
// Computes several products at once, each cut into two column halves
// shared by up to `threads` threads (one piece when threads is 1). The cut
// depends only on the sizes, never on the machine, so the numbers are the
// same everywhere.
void project_all(const std::vector<Product>& products, std::size_t threads);

// InputError naming symbol[r, c] when m holds an infinity or NaN: finite
// weights whose products overflow float32 must not pass as masking.
void require_finite(const Matrix& m, const std::string& symbol);

// The steps. The projections name the product that fills their matrix;
// project_all computes them together (Q, K and V are independent).
Product project_q(const Matrix& X, const Linear& W_Q, Matrix& Q);    // Q = X·W_Q + b_Q      [n, h·d_k]
Product project_k(const Matrix& X_k, const Linear& W_K, Matrix& K);  // K = X_k·W_K + b_K    [m, h·d_k]
Product project_v(const Matrix& X_v, const Linear& W_V, Matrix& V);  // V = X_v·W_V + b_V    [m, h·d_v]
Matrix split_heads(const Matrix& M, int head, int width);     // M[:, head·width : (head+1)·width]  [rows, width]
// rope: row t (position t) of one head's queries or keys, each pair of
// features (j, j + d_k/2) turned by the angle t·θ^(−2j/d_k):               [rows, d_k]
//   x'[j] = x[j]·cos − x[j + d_k/2]·sin,  x'[j + d_k/2] = x[j + d_k/2]·cos + x[j]·sin
// i.e. x' = x·cos + rotate_half(x)·sin, rotate_half(x) = [−x[d_k/2:], x[:d_k/2]].
Matrix rope(const Matrix& M_i, double theta);
// The same with the frequencies given, ω_j for pair j (d_k/2 of them): the
// angle is t·ω_j. Llama 3's rope_scaling changes the ω_j (model/).
Matrix rope(const Matrix& M_i, const std::vector<double>& frequencies);
// The default frequencies: ω_j = θ^(−2j/d_k), j = 0 … d_k/2 − 1.
std::vector<double> rope_frequencies(int d_k, double theta);
// qk_norm (Qwen3): RMSNorm of each row of one head's queries or keys, then
// γ (d_k values) feature by feature: x / √(mean(x²) + ε) ⊙ γ         [rows, d_k]
Matrix qk_norm(const Matrix& M_i, VectorView gamma, float eps);
Matrix scores(const Matrix& Q_i, const Matrix& K_i);          // S_i = Q_i·K_iᵀ                     [n, m]
Matrix scale(const Matrix& S_i, int d_k);                     // Ŝ_i = S_i / √d_k                   [n, m]
// Ŝ_i + M: −∞ where key k > query q (causal), key k is padding (key_padding[k])
// or, with a sliding window w > 0, q − k ≥ w (Mistral: each query sees itself
// and the w − 1 keys before it)                                            [n, m]
Matrix mask(const Matrix& S_i, bool causal, const std::vector<bool>& key_padding, int window = 0);
Matrix softmax(const Matrix& S_i);  // A_i row-wise, row maximum subtracted; all −∞ row -> 0           [n, m]
Matrix context(const Matrix& A_i, const Matrix& V_i);         // C_i = A_i·V_i                      [n, d_v]
Matrix concat(const std::vector<Matrix>& C);                  // Z = [C_0 | … | C_{h−1}]            [n, h·d_v]
Product output(const Matrix& Z, const Linear& W_O, Matrix& Y);       // Y = Z·W_O + b_O      [n, d]

// The query rows whose every key is masked.
std::vector<int> fully_masked_rows(Index n, Index m, bool causal, const std::vector<bool>& key_padding, int window = 0);

// One attention layer's weights (the toy layer's, or a block of a real
// model's) and how its products are written in the trace.
struct AttentionLayer {
  Linear W_Q, W_K, W_V, W_O;
};
struct LayerFormulas {
  std::string q, k, v, y;  // "Q = X·W_Q + b_Q", "K = …", "V = …", "Y = Z·W_O + b_O"
};
struct HeadsSpec {
  int heads, d_k, d_v;
  bool causal;
  const std::vector<bool>& key_padding;  // m entries or empty
  std::size_t threads;
  int kv_heads = 0;         // key/value heads h_kv (grouped-query attention); 0: heads
  double rope_theta = 0.0;  // rotary position embeddings with this θ; 0: none
  // The rope frequencies ω_j when they are not θ^(−2j/d_k) (Llama 3's
  // rope_scaling); empty: rope_frequencies(d_k, rope_theta). `rope_note`
  // names them in the formula ("ω_j: θ = 500000, llama3 scaling").
  std::vector<double> rope_omega = {};
  std::string rope_note = {};
  int window = 0;  // sliding window w (Mistral): query q sees keys k with q − w < k ≤ q; 0: none
  // Qwen3's q/k norm: γ_q and γ_k (d_k each), applied to Q_i and K_i before rope.
  struct QkNorm {
    VectorView q, k;
    float eps;
  };
  std::optional<QkNorm> qk_norm = std::nullopt;
  // The key/value head query head i reads: i / (h / h_kv).
  int kv_head(int i) const { return kv_heads > 0 ? i / (heads / kv_heads) : i; }
};

// The steps project_q … output of one layer, shared by the toy layer and
// every block of a real model: each step computed (the heads on up to
// spec.threads threads), then recorded in order through `rec`. Returns Y
// [n, d]. mean_A, when given, receives mean_i A_i [n, m] (for the rollout).
Matrix attention_steps(const Matrix& X, const Matrix& X_k, const Matrix& X_v, const AttentionLayer& layer,
                       const LayerFormulas& formulas, const HeadsSpec& spec, Recorder& rec,
                       Matrix* mean_A = nullptr);

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

// The toy layer. `config` must be resolved. When `trace` is given, the
// steps from project_q to output that `capture` keeps are appended to it
// (every step by default).
Matrix multi_head_attention(const AttentionInput& in, const AttentionWeights& w, const Config& config, Trace* trace,
                            const Capture& capture = {});

}  // namespace mha
