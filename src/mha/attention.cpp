#include "mha/attention.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace mha {

Matrix project(const Matrix& X, const Matrix& W) {
  Matrix out(X.rows(), W.cols());
  out.noalias() = X * W;
  return out;
}

Matrix split_heads(const Matrix& M, int head, int d_k) {
  return M.middleCols(static_cast<Index>(head) * d_k, d_k);
}

Matrix scores(const Matrix& Q_i, const Matrix& K_i) {
  Matrix S(Q_i.rows(), K_i.rows());
  S.noalias() = Q_i * K_i.transpose();
  return S;
}

Matrix scale(const Matrix& S_i, int d_k) {
  return S_i / std::sqrt(static_cast<float>(d_k));
}

Matrix mask(const Matrix& S_i, bool causal) {
  Matrix out = S_i;
  if (causal) {
    const float minus_inf = -std::numeric_limits<float>::infinity();
    for (Index q = 0; q < out.rows(); ++q)
      for (Index k = q + 1; k < out.cols(); ++k) out(q, k) = minus_inf;
  }
  return out;
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

Matrix output(const Matrix& Z, const Matrix& W_O) { return project(Z, W_O); }

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
  Recorder(Trace* trace, const Labels& tokens) : trace_(trace), tokens_(tokens) {}
  void features(StepName name, std::optional<int> head, std::string symbol, std::string formula, const Matrix& m,
                Index first_col = 0) {
    if (trace_)
      trace_->steps.push_back({name, head, std::move(symbol), std::move(formula),
                               {m, tokens_, column_labels(first_col, m.cols())}});
  }
  void token_pairs(StepName name, int head, std::string symbol, std::string formula, const Matrix& m) {
    if (trace_) trace_->steps.push_back({name, head, std::move(symbol), std::move(formula), {m, tokens_, tokens_}});
  }

 private:
  Trace* trace_;
  const Labels& tokens_;
};

std::string range(int head, int d_k) {
  return "[:, " + std::to_string(head * d_k) + ":" + std::to_string((head + 1) * d_k) + "]";
}

}  // namespace

Matrix multi_head_attention(const Matrix& X, const AttentionWeights& w, const Config& config, const Labels& tokens,
                            Trace* trace) {
  const int h = config.heads, d_k = config.d_k();
  Recorder rec(trace, tokens);

  const Matrix Q = project(X, w.W_Q);  // [n, d]
  const Matrix K = project(X, w.W_K);  // [n, d]
  const Matrix V = project(X, w.W_V);  // [n, d]
  rec.features(StepName::project_q, std::nullopt, "Q", "Q = X·W_Q", Q);
  rec.features(StepName::project_k, std::nullopt, "K", "K = X·W_K", K);
  rec.features(StepName::project_v, std::nullopt, "V", "V = X·W_V", V);

  std::vector<Matrix> C(static_cast<std::size_t>(h));
  const std::string sqrt_dk = "√" + std::to_string(d_k);
  for (int i = 0; i < h; ++i) {
    const std::string s = std::to_string(i);
    const Matrix Q_i = split_heads(Q, i, d_k);  // [n, d_k]
    const Matrix K_i = split_heads(K, i, d_k);  // [n, d_k]
    const Matrix V_i = split_heads(V, i, d_k);  // [n, d_k]
    rec.features(StepName::split_heads, i, "Q_" + s, "Q_" + s + " = Q" + range(i, d_k), Q_i, i * d_k);
    rec.features(StepName::split_heads, i, "K_" + s, "K_" + s + " = K" + range(i, d_k), K_i, i * d_k);
    rec.features(StepName::split_heads, i, "V_" + s, "V_" + s + " = V" + range(i, d_k), V_i, i * d_k);

    const Matrix S_i = scores(Q_i, K_i);  // [n, n]
    rec.token_pairs(StepName::scores, i, "S_" + s, "S_" + s + " = Q_" + s + "·K_" + s + "ᵀ", S_i);
    const Matrix scaled = scale(S_i, d_k);
    const std::string S_hat = "Ŝ_" + s;
    rec.token_pairs(StepName::scale, i, S_hat, S_hat + " = S_" + s + " / " + sqrt_dk, scaled);
    const Matrix masked = mask(scaled, config.causal);
    if (config.causal)
      rec.token_pairs(StepName::mask, i, S_hat + " + M", S_hat + " + M, M[q, k] = −∞ where k > q", masked);
    const Matrix A_i = softmax(masked);  // [n, n], rows sum to 1
    rec.token_pairs(StepName::softmax, i, "A_" + s,
                    "A_" + s + " = softmax(" + S_hat + (config.causal ? " + M" : "") + ")", A_i);
    C[static_cast<std::size_t>(i)] = context(A_i, V_i);  // [n, d_k]
    rec.features(StepName::context, i, "C_" + s, "C_" + s + " = A_" + s + "·V_" + s, C[static_cast<std::size_t>(i)],
                 i * d_k);
  }

  const Matrix Z = concat(C);  // [n, d]
  rec.features(StepName::concat, std::nullopt, "Z", h == 1 ? "Z = C_0" : h == 2 ? "Z = [C_0 | C_1]" : "Z = [C_0 | … | C_" + std::to_string(h - 1) + "]", Z);
  Matrix Y = output(Z, w.W_O);  // [n, d]
  rec.features(StepName::output, std::nullopt, "Y", "Y = Z·W_O", Y);
  return Y;
}

}  // namespace mha
