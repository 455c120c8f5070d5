#include <catch2/catch.hpp>
#include <cmath>

#include "mha/core/attention.hpp"
#include "mha/core/embed.hpp"
#include "mha/core/error.hpp"
#include "mha/pipeline.hpp"

using mha::Matrix;

namespace {
Matrix mat(std::initializer_list<std::initializer_list<float>> rows) {
  Matrix m(static_cast<mha::Index>(rows.size()), static_cast<mha::Index>(rows.begin()->size()));
  mha::Index r = 0;
  for (auto row : rows) {
    mha::Index c = 0;
    for (float v : row) m(r, c++) = v;
    ++r;
  }
  return m;
}
}  // namespace

TEST_CASE("hand-computed: 2 tokens, d_model 2, one head", "[attention]") {
  // X = I, W_Q = W_K = W_O = I, W_V = [[1, 2], [3, 4]].
  //   Q = K = I, so S = Q·Kᵀ = I, and with d_k = 2: S/√2 = [[0.70711, 0], [0, 0.70711]].
  //   Row 0: e = exp(1/√2) = 2.0281150; A[0] = [e, 1] / (e + 1) = [0.6697615, 0.3302385]; row 1 mirrored.
  //   V = X·W_V = [[1, 2], [3, 4]].
  //   C[0] = 0.6697615·[1, 2] + 0.3302385·[3, 4] = [1.6604770, 2.6604770]
  //   C[1] = 0.3302385·[1, 2] + 0.6697615·[3, 4] = [2.3395230, 3.3395230]
  //   Y = C·W_O = C.
  mha::Config cfg;
  cfg.d_model = 2;
  cfg.heads = 1;
  cfg.causal = false;
  cfg = cfg.resolved();
  const Matrix I = Matrix::Identity(2, 2);
  const mha::AttentionWeights w{I, I, mat({{1, 2}, {3, 4}}), I, {}, {}, {}, {}};
  mha::Trace trace;
  const Matrix Y = mha::multi_head_attention({I, I, I, {"a", "b"}, {"a", "b"}, {}}, w, cfg, &trace);

  const Matrix& A = trace.find(mha::StepName::softmax, 0)->tensor.value;
  CHECK(A(0, 0) == Approx(0.6697615).margin(1e-6));
  CHECK(A(0, 1) == Approx(0.3302385).margin(1e-6));
  CHECK(A(1, 0) == Approx(0.3302385).margin(1e-6));
  CHECK(trace.find(mha::StepName::scale, 0)->tensor.value(0, 0) == Approx(0.7071068).margin(1e-6));
  CHECK(Y(0, 0) == Approx(1.6604770).margin(1e-5));
  CHECK(Y(0, 1) == Approx(2.6604770).margin(1e-5));
  CHECK(Y(1, 0) == Approx(2.3395230).margin(1e-5));
  CHECK(Y(1, 1) == Approx(3.3395230).margin(1e-5));
  CHECK(trace.find(mha::StepName::mask, 0) == nullptr);  // no mask step without --causal
}

TEST_CASE("causal mask: -inf above the diagonal, weight exactly 0 there", "[attention]") {
  // Three equal scores per row: row q spreads its weight evenly over keys 0..q,
  // so A = [[1, 0, 0], [1/2, 1/2, 0], [1/3, 1/3, 1/3]].
  const Matrix S = Matrix::Zero(3, 3);
  const Matrix M = mha::mask(S, true, {});
  CHECK(std::isinf(M(0, 1)));
  CHECK(M(0, 1) < 0);
  CHECK(M(1, 0) == 0.0f);
  const Matrix A = mha::softmax(M);
  CHECK(A(0, 0) == 1.0f);
  CHECK(A(0, 2) == 0.0f);
  CHECK(A(1, 1) == Approx(0.5f));
  CHECK(A(2, 0) == Approx(1.0f / 3));
}

TEST_CASE("softmax subtracts the row maximum: huge scores do not overflow", "[attention]") {
  // exp(1000) overflows float; with the maximum subtracted the row [1000, 999]
  // gives [1, e^-1] / (1 + e^-1) = [0.7310586, 0.2689414].
  const Matrix A = mha::softmax(mat({{1000.0f, 999.0f}}));
  CHECK(A(0, 0) == Approx(0.7310586).margin(1e-6));
  CHECK(A(0, 1) == Approx(0.2689414).margin(1e-6));
}

TEST_CASE("invariants on the seed sentence, 8 wide, 2 heads, causal and not", "[attention]") {
  for (bool causal : {false, true}) {
    mha::Config cfg;
    cfg.causal = causal;
    const mha::Trace t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg);
    const Matrix& Q = t.find(mha::StepName::project_q)->tensor.value;
    std::vector<Matrix> heads;
    for (int i = 0; i < cfg.heads; ++i) {
      const Matrix& A = t.find(mha::StepName::softmax, i)->tensor.value;
      // Rows sum to 1 (float rounding: a few ulp).
      for (mha::Index r = 0; r < A.rows(); ++r) CHECK(A.row(r).sum() == Approx(1.0f).margin(1e-6));
      if (causal)
        for (mha::Index r = 0; r < A.rows(); ++r)
          for (mha::Index c = r + 1; c < A.cols(); ++c) CHECK(A(r, c) == 0.0f);
      heads.push_back(t.find(mha::StepName::split_heads, i, "Q_" + std::to_string(i))->tensor.value);
    }
    // Concatenating the heads' Q slices gives back Q exactly: a split by columns.
    CHECK(mha::concat(heads) == Q);
    // Z = [C_0 | C_1] column by column.
    const Matrix& Z = t.find(mha::StepName::concat)->tensor.value;
    CHECK(Z.leftCols(4) == t.find(mha::StepName::context, 0)->tensor.value);
    CHECK(Z.rightCols(4) == t.find(mha::StepName::context, 1)->tensor.value);
  }
}

TEST_CASE("a repeated token gets the same embedding row; same seed, same numbers", "[attention]") {
  mha::Config cfg;
  const mha::Trace t = mha::explain_sentence("芝士 薯条 芝士", cfg);
  const Matrix& E = t.find(mha::StepName::embed)->tensor.value;
  CHECK(E.row(0) == E.row(2));
  CHECK(E.row(0) != E.row(1));
  CHECK(t.parameter("embedding")->tensor.value.rows() == 2);  // two distinct tokens
  // Position changes X even for the same token: P[0] != P[2].
  const Matrix& X = t.find(mha::StepName::position)->tensor.value;
  CHECK(X.row(0) != X.row(2));
  const mha::Trace again = mha::explain_sentence("芝士 薯条 芝士", cfg);
  CHECK(again.find(mha::StepName::output)->tensor.value == t.find(mha::StepName::output)->tensor.value);
  cfg.seed = 43;
  const mha::Trace other = mha::explain_sentence("芝士 薯条 芝士", cfg);
  CHECK(other.find(mha::StepName::embed)->tensor.value != E);
}

TEST_CASE("sinusoidal positions follow Vaswani et al.", "[attention]") {
  mha::Config cfg;
  cfg.d_model = 4;
  cfg.heads = 1;
  const mha::Trace t = mha::explain_sentence("a b", cfg);
  const Matrix& P = t.parameter("positional_encoding")->tensor.value;
  // Position 0: sin 0 = 0, cos 0 = 1. Position 1, d = 4: angles 1 and 1/10000^(2/4) = 0.01.
  CHECK(P(0, 0) == 0.0f);
  CHECK(P(0, 1) == 1.0f);
  CHECK(P(1, 0) == Approx(std::sin(1.0)).margin(1e-7));
  CHECK(P(1, 3) == Approx(std::cos(0.01)).margin(1e-7));
}

TEST_CASE("config errors say what is allowed", "[attention]") {
  mha::Config cfg;
  cfg.d_model = 0;
  CHECK_THROWS_WITH(mha::explain_sentence("a", cfg), Catch::Contains("expected 1 to 4096"));
  cfg.d_model = 100000;
  CHECK_THROWS_AS(mha::explain_sentence("a", cfg), mha::InputError);
  cfg.d_model = 8;
  cfg.heads = 3;
  CHECK_THROWS_WITH(mha::explain_sentence("a", cfg), Catch::Contains("must divide d_model (8)"));
  cfg.heads = 0;
  CHECK_THROWS_AS(mha::explain_sentence("a", cfg), mha::InputError);
}

TEST_CASE("project_q by hand: Q = X·W_Q + b_Q, the same in one piece or in column halves", "[attention]") {
  // X = [[1, 2], [3, 4]], W_Q = [[1, 0], [1, 1]] ([in, out]), b_Q = [0.5, −1]:
  //   X·W_Q = [[1 + 2, 0 + 2], [3 + 4, 0 + 4]] = [[3, 2], [7, 4]]; + b_Q = [[3.5, 1], [7.5, 3]].
  const Matrix X = mat({{1, 2}, {3, 4}}), W = mat({{1, 0}, {1, 1}});
  const mha::RowVector b = mat({{0.5f, -1}});
  const Matrix expected = mat({{3.5f, 1}, {7.5f, 3}});
  Matrix Q, halves;
  mha::project_all({mha::project_q(X, mha::linear(W, b), Q)}, 1);
  mha::project_all({mha::project_q(X, mha::linear(W, b), halves)}, 2);  // column 0 and column 1 apart
  CHECK(Q == expected);  // small integers and halves: exact in float
  CHECK(halves == expected);
  // nn.Linear's layout (BERT): W stored [out, in] = W_Qᵀ gives the same Q.
  const Matrix Wt = W.transpose();
  Matrix K;
  mha::project_all({mha::project_k(X, mha::Linear(mha::view(Wt), b.data(), true), K)}, 1);
  CHECK(K == expected);
}

TEST_CASE("project_v over a fused weight: GPT-2's c_attn column block 4:6", "[attention]") {
  // W_attn = [W_Q | W_K | W_V] = [I | 2I | [[1, 2], [3, 4]]], b_attn = [0, 0, 0, 0, 1, 1].
  // V = X·W_attn[:, 4:6] + b_attn[4:6] with X = [[1, 2], [3, 4]]:
  //   [[1 + 6, 2 + 8], [3 + 12, 6 + 16]] + 1 = [[8, 11], [16, 23]].
  const Matrix X = mat({{1, 2}, {3, 4}});
  const Matrix W_attn = mat({{1, 0, 2, 0, 1, 2}, {0, 1, 0, 2, 3, 4}});
  const mha::RowVector b_attn = mat({{0, 0, 0, 0, 1, 1}});
  const mha::Linear c_attn(mha::view(W_attn), b_attn.data());
  Matrix Q, K, V;
  mha::project_all({mha::project_q(X, c_attn.columns(0, 2), Q), mha::project_k(X, c_attn.columns(2, 2), K),
                    mha::project_v(X, c_attn.columns(4, 2), V)},
                   2);
  CHECK(Q == X);
  CHECK(K == 2 * X);
  CHECK(V == mat({{8, 11}, {16, 23}}));
}

TEST_CASE("output by hand: Y = Z·W_O + b_O; a fully masked row (Z row 0) gives b_O", "[attention]") {
  // Z = [[1, 0], [0, 0]], W_O = [[2, 0], [0, 4]], b_O = [1, −1]:
  //   row 0: [2, 0] + b_O = [3, −1]; row 1 (nothing to attend to, C row = 0): b_O = [1, −1].
  const Matrix Z = mat({{1, 0}, {0, 0}}), W_O = mat({{2, 0}, {0, 4}});
  const mha::RowVector b_O = mat({{1, -1}});
  Matrix Y;
  mha::project_all({mha::output(Z, mha::linear(W_O, b_O), Y)}, 1);
  CHECK(Y == mat({{3, -1}, {1, -1}}));
}

TEST_CASE("embed picks table rows by id; position adds the first n rows of P", "[attention]") {
  // T = [[1, 2], [3, 4], [5, 6]], ids [2, 0, 2]: E = [[5, 6], [1, 2], [5, 6]] (a repeated id, the same row).
  const Matrix T = mat({{1, 2}, {3, 4}, {5, 6}});
  const Matrix E = mha::embed(mha::view(T), {2, 0, 2});
  CHECK(E == mat({{5, 6}, {1, 2}, {5, 6}}));
  // P has more rows than tokens (a model's position table): X = E + P[0:3].
  const Matrix P = mat({{0, 1}, {10, 11}, {20, 21}, {99, 99}});
  CHECK(mha::position(E, mha::view(P)) == mat({{5, 7}, {11, 13}, {25, 27}}));
}

TEST_CASE("tokenize is recorded: the Recorder writes Trace::tokens, whose forms label the rows", "[attention]") {
  mha::Trace trace;
  mha::Recorder rec(&trace);
  // A bpe token's label (its readable form) labels the rows, not its byte-level text.
  rec.tokens({{"a", 0, 1}, {"Ġb", 1, 3, 7, " b"}});
  REQUIRE(trace.tokens.size() == 2);
  CHECK(trace.tokens[1].id == 7);
  rec.features(mha::StepName::embed, std::nullopt, "E", "E[t] = embedding[token t]", Matrix::Zero(2, 3));
  CHECK(trace.steps.at(0).tensor.row_labels == mha::Labels{"a", " b"});
  CHECK(trace.steps.at(0).tensor.col_labels == mha::Labels{"0", "1", "2"});
  // The pipeline records its tokens the same way: 5 words, 5 rows of E labelled with them.
  const mha::Trace t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", mha::Config{});
  CHECK(t.tokens.size() == 5);
  CHECK(t.find(mha::StepName::embed)->tensor.row_labels == mha::Labels{"我", "喜欢", "吃", "芝士", "薯条"});
  // No trace: nothing is written and nothing fails.
  mha::Recorder none(nullptr);
  none.tokens({{"a", 0, 1}});
  none.parameter("W_Q", {Matrix::Zero(1, 1), {"0"}, {"0"}});
}
