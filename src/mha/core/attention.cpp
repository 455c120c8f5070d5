#include "mha/core/attention.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "mha/core/error.hpp"
#include "mha/core/gemm.hpp"
#include "mha/core/norm.hpp"
#include "mha/core/parallel.hpp"

namespace mha {

Linear::Linear(MatrixView weights, const float* bias, bool transpose)
    : W(weights.data(), weights.rows(), weights.cols(), Eigen::OuterStride<>(weights.cols())), b(bias),
      transposed(transpose) {}
Linear::Linear(WeightView weights, const float* bias, bool transpose)
    : W(std::move(weights)), b(bias), transposed(transpose) {}
Linear::Linear(HalfView weights, const float* bias, bool transpose)
    : W(nullptr, 0, 0, Eigen::OuterStride<>(0)), half(weights), b(bias), transposed(transpose) {}

Linear Linear::columns(Index first, Index count) const {
  if (half.data) {
    const HalfView part = transposed ? half.block(first, 0, count, half.cols) : half.block(0, first, half.rows, count);
    return Linear(part, b ? b + first : nullptr, transposed);
  }
  const Eigen::OuterStride<> stride(W.outerStride());
  WeightView part = transposed ? WeightView(W.data() + first * W.outerStride(), count, W.cols(), stride)
                               : WeightView(W.data() + first, W.rows(), count, stride);
  return Linear(std::move(part), b ? b + first : nullptr, transposed);
}

Index Linear::outputs() const {
  if (half.data) return transposed ? half.rows : half.cols;
  return transposed ? W.rows() : W.cols();
}

Linear linear(const Matrix& W, const std::optional<RowVector>& b) { return Linear(view(W), b ? b->data() : nullptr); }

namespace {

GemmOperand operand(const Matrix& M) { return {M.data(), M.rows(), M.cols(), M.cols()}; }

// block = X·W[:, first:first+count] for 16-bit W: panels of output columns
// turned into float32 (about 16 MB each, a multiple of 16 columns) and
// multiplied one after the other. The panels depend only on the sizes.
template <class Block>
void half_product(Block& block, const Matrix& X, const Linear& L, Index first, Index count) {
  const Index depth = L.transposed ? L.half.cols : L.half.rows;
  const Index panel = std::max<Index>(16, (4194304 / std::max<Index>(depth, 1)) / 16 * 16);
  Matrix P;  // the panel as float32: [width, depth] (transposed) or [depth, width]
  for (Index c = 0; c < count; c += panel) {
    const Index width = std::min(panel, count - c);
    if (L.transposed)
      L.half.block(first + c, 0, width, depth).to_float(P);
    else
      L.half.block(0, first + c, depth, width).to_float(P);
    gemm(operand(X), operand(P), L.transposed, block.data() + c, block.outerStride());
  }
}

}  // namespace

void project_all(const std::vector<Product>& products, std::size_t threads) {
  // Each product cut into as many column blocks as there are threads, so that
  // one product alone (the output projection) keeps every thread busy.
  const Index parts = static_cast<Index>(std::max<std::size_t>(1, std::min(threads, thread_limit())));
  for (const auto& p : products) p.out.resize(p.X.rows(), p.weights.outputs());
  parallel_for(products.size() * static_cast<std::size_t>(parts), threads, [&](std::size_t job) {
    const Product& p = products[job / static_cast<std::size_t>(parts)];
    const Linear& L = p.weights;
    const Index part = static_cast<Index>(job) % parts, cols = p.out.cols();
    const Index first = cols * part / parts, count = cols * (part + 1) / parts - first;
    auto block = p.out.middleCols(first, count);  // out[:, first:first+count] = X·W[:, first:first+count] + b[…]
    if (L.half.data)
      half_product(block, p.X, L, first, count);
    else {
      const Linear cut = L.columns(first, count);
      gemm(operand(p.X), {cut.W.data(), cut.W.rows(), cut.W.cols(), cut.W.outerStride()}, L.transposed,
           block.data(), block.outerStride());
    }
    if (L.b) block.rowwise() += VectorView(L.b + first, count);
  });
}

namespace {
// Key k is hidden from query q: k > q under a causal mask, k is padding, or
// k is w or more tokens before q with a sliding window w.
bool hidden(Index q, Index k, bool causal, const std::vector<bool>& key_padding, int window) {
  return (causal && k > q) || (window > 0 && q - k >= window) ||
         (static_cast<std::size_t>(k) < key_padding.size() && key_padding[static_cast<std::size_t>(k)]);
}
}  // namespace

// project_q: Q = X·W_Q + b_Q                  [n, d]·[d, h·d_k] -> [n, h·d_k]
Product project_q(const Matrix& X, const Linear& W_Q, Matrix& Q) { return {X, W_Q, Q}; }
// project_k: K = X_k·W_K + b_K                [m, kdim]·[kdim, h·d_k] -> [m, h·d_k]
Product project_k(const Matrix& X_k, const Linear& W_K, Matrix& K) { return {X_k, W_K, K}; }
// project_v: V = X_v·W_V + b_V                [m, vdim]·[vdim, h·d_v] -> [m, h·d_v]
Product project_v(const Matrix& X_v, const Linear& W_V, Matrix& V) { return {X_v, W_V, V}; }

// split_heads: Q_i = Q[:, i·d_k : (i+1)·d_k]  [n, h·d_k] -> [n, d_k] (K_i, V_i likewise)

Matrix split_heads(const Matrix& M, int head, int width) {
  return M.middleCols(static_cast<Index>(head) * width, width);
}

// rope: x' = x·cos + rotate_half(x)·sin, row t at position t             [rows, d_k] -> [rows, d_k]
//   for the pair (j, j + d_k/2): angle = t·θ^(−2j/d_k)
//   x'[j]         = x[j]·cos(angle) − x[j + d_k/2]·sin(angle)
//   x'[j + d_k/2] = x[j + d_k/2]·cos(angle) + x[j]·sin(angle)
std::vector<double> rope_frequencies(int d_k, double theta) {
  std::vector<double> omega(static_cast<std::size_t>(d_k / 2));
  for (std::size_t j = 0; j < omega.size(); ++j)
    omega[j] = std::pow(theta, -2.0 * static_cast<double>(j) / static_cast<double>(d_k));
  return omega;
}

Matrix rope(const Matrix& M_i, double theta) { return rope(M_i, rope_frequencies(static_cast<int>(M_i.cols()), theta)); }

Matrix rope(const Matrix& M_i, const std::vector<double>& frequencies) {
  const Index half = M_i.cols() / 2;
  Matrix out(M_i.rows(), M_i.cols());
  for (Index j = 0; j < half; ++j) {
    const double frequency = frequencies[static_cast<std::size_t>(j)];
    for (Index t = 0; t < M_i.rows(); ++t) {
      const double angle = static_cast<double>(t) * frequency;
      const auto cos = static_cast<float>(std::cos(angle)), sin = static_cast<float>(std::sin(angle));
      const float x = M_i(t, j), y = M_i(t, j + half);
      out(t, j) = x * cos - y * sin;
      out(t, j + half) = y * cos + x * sin;
    }
  }
  return out;
}

// qk_norm: RMSNorm of each row of Q_i (K_i), then γ_q (γ_k)                [rows, d_k]
Matrix qk_norm(const Matrix& M_i, VectorView gamma, float eps) { return rms_norm(M_i, gamma, eps); }

// scores: S_i = Q_i·K_iᵀ                    [n, d_k]·[d_k, m] -> [n, m]
Matrix scores(const Matrix& Q_i, const Matrix& K_i) {
  Matrix S(Q_i.rows(), K_i.rows());
  gemm(operand(Q_i), operand(K_i), true, S.data(), S.cols());
  return S;
}

// scale: Ŝ_i = S_i / √d_k                   [n, m]
Matrix scale(const Matrix& S_i, int d_k) {
  return S_i / std::sqrt(static_cast<float>(d_k));
}

// mask: Ŝ_i + M, M[q, k] = −∞ where key k is hidden from query q, else 0   [n, m]
Matrix mask(const Matrix& S_i, bool causal, const std::vector<bool>& key_padding, int window) {
  Matrix out = S_i;
  const float minus_inf = -std::numeric_limits<float>::infinity();
  for (Index q = 0; q < out.rows(); ++q)
    for (Index k = 0; k < out.cols(); ++k)
      if (hidden(q, k, causal, key_padding, window)) out(q, k) = minus_inf;
  return out;
}

// softmax: A_i = softmax(Ŝ_i + M), row by row  [n, m]
Matrix softmax(const Matrix& S_i) {
  // A[q, k] = exp(S[q, k] − m_q) / Σ_k' exp(S[q, k'] − m_q), m_q = max_k S[q, k].
  // Subtracting m_q changes nothing mathematically and keeps exp() ≤ 1.
  const float minus_inf = -std::numeric_limits<float>::infinity();
  Matrix A(S_i.rows(), S_i.cols());
  for (Index q = 0; q < S_i.rows(); ++q) {
    const float m = S_i.row(q).maxCoeff();
    if (!std::isfinite(m)) {  // every key masked: no key to attend to
      A.row(q).setZero();
      continue;
    }
    A.row(q) = (S_i.row(q).array() - m).exp();
    // Masked keys get exactly 0: Eigen's vectorised exp() clamps −∞ to about
    // −88 and would return ~1e-38 instead.
    for (Index k = 0; k < S_i.cols(); ++k)
      if (S_i(q, k) == minus_inf) A(q, k) = 0.0f;
    A.row(q) /= A.row(q).sum();
  }
  return A;
}

// context: C_i = A_i·V_i                    [n, m]·[m, d_v] -> [n, d_v]
Matrix context(const Matrix& A_i, const Matrix& V_i) {
  Matrix C(A_i.rows(), V_i.cols());
  gemm(operand(A_i), operand(V_i), false, C.data(), C.cols());
  return C;
}

// concat: Z = [C_0 | … | C_{h−1}]            h × [n, d_v] -> [n, h·d_v]
Matrix concat(const std::vector<Matrix>& C) {
  Index width = 0;
  for (const auto& c : C) width += c.cols();
  Matrix Z(C.empty() ? 0 : C.front().rows(), width);
  Index col = 0;
  for (const auto& c : C) {
    Z.middleCols(col, c.cols()) = c;
    col += c.cols();
  }
  return Z;
}

// output: Y = Z·W_O + b_O                   [n, h·d_v]·[h·d_v, d] -> [n, d]
Product output(const Matrix& Z, const Linear& W_O, Matrix& Y) { return {Z, W_O, Y}; }

std::vector<int> fully_masked_rows(Index n, Index m, bool causal, const std::vector<bool>& key_padding, int window) {
  std::vector<int> rows;
  for (Index q = 0; q < n; ++q) {
    bool any = false;
    for (Index k = 0; k < m && !any; ++k)
      any = !hidden(q, k, causal, key_padding, window);
    if (!any) rows.push_back(static_cast<int>(q));
  }
  return rows;
}

namespace {
// No NaN and no infinity: an exponent field of all ones marks both. One pass
// of integer ands the compiler vectorises (Eigen's allFinite() computes
// x − x == x − x, twice over the matrix).
bool all_finite(const Matrix& m) {
  const float* p = m.data();
  std::uint32_t seen = 0;
  for (Index i = 0, size = m.size(); i < size; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, p + i, sizeof bits);
    seen |= ((bits & 0x7f800000u) == 0x7f800000u);
  }
  return seen == 0;
}
}  // namespace

void require_finite(const Matrix& m, const std::string& symbol) {
  if (all_finite(m)) return;
  for (Index r = 0; r < m.rows(); ++r)
    for (Index c = 0; c < m.cols(); ++c)
      if (!std::isfinite(m(r, c)))
        throw InputError(symbol + "[" + std::to_string(r) + ", " + std::to_string(c) + "] overflows float32 (" +
                         (std::isnan(m(r, c)) ? "NaN" : "infinite") +
                         "): the weights or embeddings are too large; expected values whose products fit in float32");
}

namespace {

// One head's steps, from its slices of Q, K, V to its context.
struct HeadResult {
  Matrix Q_i, K_i, V_i, Q_norm, K_norm, Q_rot, K_rot, S_i, scaled, masked, A_i, C_i;
};

bool any_padding(const HeadsSpec& spec) {
  return std::find(spec.key_padding.begin(), spec.key_padding.end(), true) != spec.key_padding.end();
}

// split_heads … context for every head, on up to spec.threads threads.
std::vector<HeadResult> compute_heads(const Matrix& Q, const Matrix& K, const Matrix& V, const HeadsSpec& spec) {
  const int d_k = spec.d_k, d_v = spec.d_v;
  const bool masking = spec.causal || spec.window > 0 || any_padding(spec);
  const std::vector<double> omega =
      spec.rope_theta > 0 && spec.rope_omega.empty() ? rope_frequencies(d_k, spec.rope_theta) : spec.rope_omega;
  std::vector<HeadResult> heads(static_cast<std::size_t>(spec.heads));
  parallel_for(heads.size(), spec.threads, [&](std::size_t j) {
    HeadResult& r = heads[j];
    const int i = static_cast<int>(j);
    const int kv = spec.kv_head(i);   // the key/value head query head i reads
    r.Q_i = split_heads(Q, i, d_k);   // [n, d_k]
    r.K_i = split_heads(K, kv, d_k);  // [m, d_k]
    r.V_i = split_heads(V, kv, d_v);  // [m, d_v]
    if (spec.qk_norm) {
      r.Q_norm = qk_norm(r.Q_i, spec.qk_norm->q, spec.qk_norm->eps);  // [n, d_k]
      r.K_norm = qk_norm(r.K_i, spec.qk_norm->k, spec.qk_norm->eps);  // [m, d_k]
    }
    const Matrix& q = spec.qk_norm ? r.Q_norm : r.Q_i;
    const Matrix& k = spec.qk_norm ? r.K_norm : r.K_i;
    if (spec.rope_theta > 0) {
      r.Q_rot = rope(q, omega);  // [n, d_k]
      r.K_rot = rope(k, omega);  // [m, d_k]
    }
    r.S_i = spec.rope_theta > 0 ? scores(r.Q_rot, r.K_rot) : scores(q, k);  // [n, m]
    r.scaled = scale(r.S_i, d_k);
    if (masking) r.masked = mask(r.scaled, spec.causal, spec.key_padding, spec.window);
    r.A_i = softmax(masking ? r.masked : r.scaled);  // [n, m], rows sum to 1 (or 0 when fully masked)
    r.C_i = context(r.A_i, r.V_i);                   // [n, d_v]
  });
  for (int i = 0; i < spec.heads; ++i) require_finite(heads[static_cast<std::size_t>(i)].S_i, "S_" + std::to_string(i));
  return heads;
}

std::string range(int head, int width) {
  return "[:, " + std::to_string(head * width) + ":" + std::to_string((head + 1) * width) + "]";
}

std::string mask_formula(const std::string& S_hat, bool causal, bool padding, int window) {
  std::vector<std::string> where;
  if (causal) where.push_back("k > q");
  if (window > 0) where.push_back("q − k ≥ " + std::to_string(window) + " (sliding window)");
  if (padding) where.push_back("key k is padding");
  std::string text;
  for (std::size_t i = 0; i < where.size(); ++i) text += (i ? " or " : "") + where[i];
  return S_hat + " + M, M[q, k] = −∞ where " + text;
}

std::string concat_formula(int h) {
  return h == 1   ? "Z = C_0"
         : h == 2 ? "Z = [C_0 | C_1]"
                  : "Z = [C_0 | … | C_" + std::to_string(h - 1) + "]";
}

// Records every head's steps in order and joins their contexts: returns
// Z = [C_0 | … | C_{h−1}] [n, h·d_v].
Matrix record_heads(std::vector<HeadResult>&& heads, const HeadsSpec& spec, Recorder& rec) {
  const int d_k = spec.d_k, d_v = spec.d_v;
  const bool causal = spec.causal, padding = any_padding(spec), masking = causal || padding || spec.window > 0;
  const std::string sqrt_dk = "√" + std::to_string(d_k);
  std::vector<Matrix> C;
  for (int i = 0; i < static_cast<int>(heads.size()); ++i) {
    HeadResult& r = heads[static_cast<std::size_t>(i)];
    const std::string s = std::to_string(i), S_hat = "Ŝ_" + s;
    const int kv = spec.kv_head(i);
    const std::string shared = kv == i ? "" : " (key/value head " + std::to_string(kv) + ")";
    rec.features(StepName::split_heads, i, "Q_" + s, "Q_" + s + " = Q" + range(i, d_k), std::move(r.Q_i), i * d_k);
    rec.features(StepName::split_heads, i, "K_" + s, "K_" + s + " = K" + range(kv, d_k) + shared, std::move(r.K_i),
                 kv * d_k, true);
    rec.features(StepName::split_heads, i, "V_" + s, "V_" + s + " = V" + range(kv, d_v) + shared, std::move(r.V_i),
                 kv * d_v, true);
    const bool normed = spec.qk_norm.has_value();
    if (normed) {
      rec.features(StepName::qk_norm, i, "Q_norm_" + s, "Q_norm_" + s + " = RMSNorm(Q_" + s + ")·γ_q",
                   std::move(r.Q_norm), i * d_k);
      rec.features(StepName::qk_norm, i, "K_norm_" + s, "K_norm_" + s + " = RMSNorm(K_" + s + ")·γ_k",
                   std::move(r.K_norm), kv * d_k, true);
    }
    const bool rotated = spec.rope_theta > 0;
    if (rotated) {
      const std::string angle =
          ", pair (j, j + " + std::to_string(d_k / 2) + ") turned by " +
          (spec.rope_note.empty() ? "t·" + format_theta(spec.rope_theta) + "^(−2j/" + std::to_string(d_k) + ")"
                                  : "t·ω_j (" + spec.rope_note + ")") +
          " at position t";
      const std::string in_q = (normed ? "Q_norm_" : "Q_") + s, in_k = (normed ? "K_norm_" : "K_") + s;
      rec.features(StepName::rope, i, "Q_rot_" + s, "Q_rot_" + s + " = rope(" + in_q + ")" + angle,
                   std::move(r.Q_rot), i * d_k);
      rec.features(StepName::rope, i, "K_rot_" + s, "K_rot_" + s + " = rope(" + in_k + ")" + angle,
                   std::move(r.K_rot), kv * d_k, true);
    }
    const std::string q = rotated ? "Q_rot_" + s : normed ? "Q_norm_" + s : "Q_" + s;
    const std::string k = rotated ? "K_rot_" + s : normed ? "K_norm_" + s : "K_" + s;
    rec.token_pairs(StepName::scores, i, "S_" + s, "S_" + s + " = " + q + "·" + k + "ᵀ", std::move(r.S_i));
    rec.token_pairs(StepName::scale, i, S_hat, S_hat + " = S_" + s + " / " + sqrt_dk, std::move(r.scaled));
    if (masking)
      rec.token_pairs(StepName::mask, i, S_hat + " + M", mask_formula(S_hat, causal, padding, spec.window), std::move(r.masked));
    rec.token_pairs(StepName::softmax, i, "A_" + s, "A_" + s + " = softmax(" + S_hat + (masking ? " + M" : "") + ")",
                    std::move(r.A_i));
    if (rec.wants(StepName::context, i))
      rec.features(StepName::context, i, "C_" + s, "C_" + s + " = A_" + s + "·V_" + s, r.C_i, i * d_v);
    C.push_back(std::move(r.C_i));
  }
  return concat(C);  // [n, h·d_v]
}

// "Q = X·W_Q + b_Q"
std::string projection(const std::string& out, const std::string& in, const std::string& W, const std::string& b,
                       bool bias) {
  return out + " = " + in + "·" + W + (bias ? " + " + b : "");
}

// Large layers are computed on several cores; small ones (the seed
// sentence) would only pay for the threads.
std::size_t threads_for(const AttentionInput& in, const AttentionWeights& w) {
  const double work = static_cast<double>(in.X.rows() + in.X_k.rows()) * static_cast<double>(w.W_Q.rows()) *
                      static_cast<double>(w.W_Q.cols());
  return work > 1e6 ? thread_limit() : 1;
}

}  // namespace

Matrix attention_steps(const Matrix& X, const Matrix& X_k, const Matrix& X_v, const AttentionLayer& layer,
                       const LayerFormulas& formulas, const HeadsSpec& spec, Recorder& rec, Matrix* mean_A) {
  // project_q, project_k, project_v: the three products at once.
  Matrix Q, K, V;  // [n, h·d_k], [m, h·d_k], [m, h·d_v]
  project_all({project_q(X, layer.W_Q, Q), project_k(X_k, layer.W_K, K), project_v(X_v, layer.W_V, V)},
              spec.threads);
  require_finite(Q, "Q");
  require_finite(K, "K");
  require_finite(V, "V");
  // split_heads, scores, scale, mask, softmax, context: every head at once.
  std::vector<HeadResult> heads = compute_heads(Q, K, V, spec);
  rec.features(StepName::project_q, std::nullopt, "Q", formulas.q, std::move(Q));
  rec.features(StepName::project_k, std::nullopt, "K", formulas.k, std::move(K), 0, true);
  rec.features(StepName::project_v, std::nullopt, "V", formulas.v, std::move(V), 0, true);
  if (mean_A) {  // mean_i A_i [n, m]
    *mean_A = Matrix::Zero(X.rows(), X_k.rows());
    for (const auto& r : heads) *mean_A += r.A_i;
    *mean_A /= static_cast<float>(spec.heads);
  }
  Matrix Z = record_heads(std::move(heads), spec, rec);  // concat: [n, h·d_v]
  Matrix Y;                                              // [n, d]
  project_all({output(Z, layer.W_O, Y)}, spec.threads);  // output
  require_finite(Y, "Y");
  rec.features(StepName::concat, std::nullopt, "Z", concat_formula(spec.heads), std::move(Z));
  if (rec.wants(StepName::output)) rec.features(StepName::output, std::nullopt, "Y", formulas.y, Y);
  return Y;
}

Matrix multi_head_attention(const AttentionInput& in, const AttentionWeights& w, const Config& config, Trace* trace,
                            const Capture& capture) {
  const bool bias = w.b_Q.has_value();
  Recorder rec(trace, capture, in.query_labels, in.key_labels);
  const AttentionLayer layer{linear(w.W_Q, w.b_Q), linear(w.W_K, w.b_K), linear(w.W_V, w.b_V), linear(w.W_O, w.b_O)};
  const LayerFormulas formulas{projection("Q", "X", "W_Q", "b_Q", bias),
                               projection("K", in.key_symbol, "W_K", "b_K", bias),
                               projection("V", in.value_symbol, "W_V", "b_V", bias),
                               projection("Y", "Z", "W_O", "b_O", bias)};
  const HeadsSpec spec{config.heads,  config.d_k,       config.d_v,
                       config.causal, in.key_padding,   threads_for(in, w),
                       config.kv_heads, config.positional == Positional::rope ? config.rope_theta : 0.0};
  return attention_steps(in.X, in.X_k, in.X_v, layer, formulas, spec, rec);
}

}  // namespace mha
