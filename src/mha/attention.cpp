#include "mha/attention.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace mha {

Matrix project(const Matrix& X, const Matrix& W, const std::optional<RowVector>& b) {
  Matrix out(X.rows(), W.cols());
  out.noalias() = X * W;
  if (b) out.rowwise() += *b;
  return out;
}

Matrix split_heads(const Matrix& M, int head, int width) {
  return M.middleCols(static_cast<Index>(head) * width, width);
}

Matrix scores(const Matrix& Q_i, const Matrix& K_i) {
  Matrix S(Q_i.rows(), K_i.rows());
  S.noalias() = Q_i * K_i.transpose();
  return S;
}

Matrix scale(const Matrix& S_i, int d_k) {
  return S_i / std::sqrt(static_cast<float>(d_k));
}

Matrix mask(const Matrix& S_i, bool causal, const std::vector<bool>& key_padding) {
  Matrix out = S_i;
  const float minus_inf = -std::numeric_limits<float>::infinity();
  for (Index q = 0; q < out.rows(); ++q)
    for (Index k = 0; k < out.cols(); ++k)
      if ((causal && k > q) || (static_cast<std::size_t>(k) < key_padding.size() && key_padding[static_cast<std::size_t>(k)]))
        out(q, k) = minus_inf;
  return out;
}

std::vector<int> fully_masked_rows(Index n, Index m, bool causal, const std::vector<bool>& key_padding) {
  std::vector<int> rows;
  for (Index q = 0; q < n; ++q) {
    bool any = false;
    for (Index k = 0; k < m && !any; ++k)
      any = !(causal && k > q) && !(static_cast<std::size_t>(k) < key_padding.size() && key_padding[static_cast<std::size_t>(k)]);
    if (!any) rows.push_back(static_cast<int>(q));
  }
  return rows;
}

Matrix softmax(const Matrix& S_i) {
  // A[q, k] = exp(S[q, k] − m_q) / Σ_k' exp(S[q, k'] − m_q), m_q = max_k S[q, k].
  // Subtracting m_q changes nothing mathematically and keeps exp() ≤ 1.
  Matrix A(S_i.rows(), S_i.cols());
  for (Index q = 0; q < S_i.rows(); ++q) {
    const float m = S_i.row(q).maxCoeff();
    if (!std::isfinite(m)) {  // every key masked: no key to attend to
      A.row(q).setZero();
      continue;
    }
    // Masked keys get exactly 0: Eigen's vectorised exp() clamps −∞ to about
    // −88 and would return ~1e-38 instead.
    const auto x = S_i.row(q).array();
    A.row(q) = (x == -std::numeric_limits<float>::infinity()).select(0.0f, (x - m).exp());
    A.row(q) /= A.row(q).sum();
  }
  return A;
}

Matrix context(const Matrix& A_i, const Matrix& V_i) {
  Matrix C(A_i.rows(), V_i.cols());
  C.noalias() = A_i * V_i;
  return C;
}

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

Matrix output(const Matrix& Z, const Matrix& W_O, const std::optional<RowVector>& b_O) { return project(Z, W_O, b_O); }

namespace {

Labels column_labels(Index first, Index count) {
  Labels l;
  l.reserve(static_cast<std::size_t>(count));
  for (Index j = 0; j < count; ++j) l.push_back(std::to_string(first + j));
  return l;
}

// Appends steps to a trace (or does nothing without one).
class Recorder {
 public:
  Recorder(Trace* trace, const AttentionInput& in) : trace_(trace), in_(in) {}
  void features(StepName name, std::optional<int> head, std::string symbol, std::string formula, const Matrix& m,
                Index first_col = 0, bool key_rows = false) {
    if (trace_)
      trace_->steps.push_back({name, head, std::move(symbol), std::move(formula),
                               {m, key_rows ? in_.key_labels : in_.query_labels, column_labels(first_col, m.cols())}});
  }
  void token_pairs(StepName name, int head, std::string symbol, std::string formula, const Matrix& m) {
    if (trace_)
      trace_->steps.push_back({name, head, std::move(symbol), std::move(formula), {m, in_.query_labels, in_.key_labels}});
  }

 private:
  Trace* trace_;
  const AttentionInput& in_;
};

std::string range(int head, int width) {
  return "[:, " + std::to_string(head * width) + ":" + std::to_string((head + 1) * width) + "]";
}

// "Q = X·W_Q + b_Q"
std::string projection(const std::string& out, const std::string& in, const std::string& W, const std::string& b,
                       bool bias) {
  return out + " = " + in + "·" + W + (bias ? " + " + b : "");
}

std::string mask_formula(const std::string& S_hat, bool causal, bool padding) {
  std::string where = causal && padding ? "k > q or key k is padding" : causal ? "k > q" : "key k is padding";
  return S_hat + " + M, M[q, k] = −∞ where " + where;
}

}  // namespace

Matrix multi_head_attention(const AttentionInput& in, const AttentionWeights& w, const Config& config, Trace* trace) {
  const int h = config.heads, d_k = config.d_k, d_v = config.d_v;
  const bool bias = w.b_Q.has_value();
  Recorder rec(trace, in);

  const Matrix Q = project(in.X, w.W_Q, w.b_Q);    // [n, h·d_k]
  const Matrix K = project(in.X_k, w.W_K, w.b_K);  // [m, h·d_k]
  const Matrix V = project(in.X_v, w.W_V, w.b_V);  // [m, h·d_v]
  rec.features(StepName::project_q, std::nullopt, "Q", projection("Q", "X", "W_Q", "b_Q", bias), Q);
  rec.features(StepName::project_k, std::nullopt, "K", projection("K", in.key_symbol, "W_K", "b_K", bias), K, 0, true);
  rec.features(StepName::project_v, std::nullopt, "V", projection("V", in.value_symbol, "W_V", "b_V", bias), V, 0,
               true);

  const bool causal = config.causal;
  const bool padding = std::find(in.key_padding.begin(), in.key_padding.end(), true) != in.key_padding.end();
  std::vector<Matrix> C(static_cast<std::size_t>(h));
  const std::string sqrt_dk = "√" + std::to_string(d_k);
  for (int i = 0; i < h; ++i) {
    const std::string s = std::to_string(i);
    const Matrix Q_i = split_heads(Q, i, d_k);  // [n, d_k]
    const Matrix K_i = split_heads(K, i, d_k);  // [m, d_k]
    const Matrix V_i = split_heads(V, i, d_v);  // [m, d_v]
    rec.features(StepName::split_heads, i, "Q_" + s, "Q_" + s + " = Q" + range(i, d_k), Q_i, i * d_k);
    rec.features(StepName::split_heads, i, "K_" + s, "K_" + s + " = K" + range(i, d_k), K_i, i * d_k, true);
    rec.features(StepName::split_heads, i, "V_" + s, "V_" + s + " = V" + range(i, d_v), V_i, i * d_v, true);

    const Matrix S_i = scores(Q_i, K_i);  // [n, m]
    rec.token_pairs(StepName::scores, i, "S_" + s, "S_" + s + " = Q_" + s + "·K_" + s + "ᵀ", S_i);
    const Matrix scaled = scale(S_i, d_k);
    const std::string S_hat = "Ŝ_" + s;
    rec.token_pairs(StepName::scale, i, S_hat, S_hat + " = S_" + s + " / " + sqrt_dk, scaled);
    const bool masking = causal || padding;
    const Matrix masked = masking ? mask(scaled, causal, in.key_padding) : scaled;
    if (masking) rec.token_pairs(StepName::mask, i, S_hat + " + M", mask_formula(S_hat, causal, padding), masked);
    const Matrix A_i = softmax(masked);  // [n, m], rows sum to 1 (or 0 when fully masked)
    rec.token_pairs(StepName::softmax, i, "A_" + s, "A_" + s + " = softmax(" + S_hat + (masking ? " + M" : "") + ")",
                    A_i);
    C[static_cast<std::size_t>(i)] = context(A_i, V_i);  // [n, d_v]
    rec.features(StepName::context, i, "C_" + s, "C_" + s + " = A_" + s + "·V_" + s, C[static_cast<std::size_t>(i)],
                 i * d_v);
  }

  const Matrix Z = concat(C);  // [n, h·d_v]
  rec.features(StepName::concat, std::nullopt, "Z",
               h == 1   ? "Z = C_0"
               : h == 2 ? "Z = [C_0 | C_1]"
                        : "Z = [C_0 | … | C_" + std::to_string(h - 1) + "]",
               Z);
  Matrix Y = output(Z, w.W_O, w.b_O);  // [n, d]
  rec.features(StepName::output, std::nullopt, "Y", projection("Y", "Z", "W_O", "b_O", bias), Y);
  return Y;
}

}  // namespace mha
