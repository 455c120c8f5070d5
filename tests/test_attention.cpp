#include <catch2/catch.hpp>
#include <cmath>

#include "mha/core/attention.hpp"
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
