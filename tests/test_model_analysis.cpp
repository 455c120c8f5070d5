// Head statistics and attention rollout (src/mha/model/analysis.hpp) on
// small matrices whose numbers are worked out by hand in the comments.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>

#include "mha/core/error.hpp"
#include "mha/model/analysis.hpp"
#include "model_trace_fixture.hpp"

namespace {

mha::Matrix rows(std::initializer_list<std::initializer_list<float>> r) {
  mha::Matrix m(static_cast<mha::Index>(r.size()), static_cast<mha::Index>(r.begin()->size()));
  mha::Index i = 0;
  for (const auto& row : r) {
    mha::Index j = 0;
    for (float v : row) m(i, j++) = v;
    ++i;
  }
  return m;
}

void check_equal(const mha::Matrix& got, const mha::Matrix& want) {
  REQUIRE(got.rows() == want.rows());
  REQUIRE(got.cols() == want.cols());
  for (mha::Index i = 0; i < want.rows(); ++i)
    for (mha::Index j = 0; j < want.cols(); ++j) {
      INFO("[" << i << ", " << j << "]");
      CHECK(got(i, j) == Approx(want(i, j)).margin(1e-6));
    }
}

mha::Token token(std::string text, std::string label = {}, bool partial = false) {
  mha::Token t;
  t.text = std::move(text);
  t.label = std::move(label);
  t.partial = partial;
  return t;
}

const mha::KeyMask causal{true, {}};
const mha::KeyMask none{false, {}};

}  // namespace

TEST_CASE("head statistics of a 3 × 3 causal head, worked by hand", "[analysis]") {
  // Row 0 sees only key 0 (no choice), so the means run over rows 1 and 2:
  //   row 1: [¼, ¾]      H = ¼·2 + ¾·log₂(4/3) = 0.5 + 0.311278 = 0.811278 bits, max log₂ 2 = 1
  //   row 2: [¼, ¼, ½]   H = ¼·2 + ¼·2 + ½·1 = 1.5 bits,                           max log₂ 3 = 1.584963
  const mha::Matrix A = rows({{1, 0, 0}, {0.25f, 0.75f, 0}, {0.25f, 0.25f, 0.5f}});
  const mha::HeadStats s = mha::head_stats(A, 3, 7, {}, causal);
  CHECK(s.layer == 3);
  CHECK(s.head == 7);
  CHECK(s.entropy == Approx((0.811278 + 1.5) / 2).epsilon(1e-5));
  CHECK(s.max_entropy == Approx((1 + 1.584963) / 2).epsilon(1e-5));
  CHECK(s.previous == Approx((0.25 + 0.25) / 2));  // A[1,0], A[2,1]
  CHECK(s.self == Approx((0.75 + 0.5) / 2));       // A[1,1], A[2,2]
  CHECK(s.first == Approx((0.25 + 0.25) / 2));     // A[1,0], A[2,0]
  CHECK(s.separator == 0.0f);
  CHECK(s.top_key == std::vector<int>{0, 1, 2});
  CHECK(s.role == "self");  // 0.625 ≥ 0.5; entropy 0.894 of max, not broad anyway
}

TEST_CASE("a pure previous-token head is \"previous\", with no entropy", "[analysis]") {
  const mha::Matrix A = rows({{1, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}});
  const mha::HeadStats s = mha::head_stats(A, 0, 0, {}, causal);
  CHECK(s.previous == 1.0f);
  CHECK(s.self == 0.0f);
  CHECK(s.first == Approx(1.0 / 3));  // rows 1–3: only row 1's previous token is the first
  CHECK(s.entropy == 0.0f);
  CHECK(s.max_entropy == Approx((1 + std::log2(3.0) + 2) / 3));
  CHECK(s.top_key == std::vector<int>{0, 0, 1, 2});
  CHECK(s.role == "previous");
}

TEST_CASE("uniform causal rows are \"broad\": entropy equals its maximum", "[analysis]") {
  // Row q spreads 1/(q+1) over keys 0..q: H = log₂(q+1) = the maximum. Every
  // share is (½ + ⅓ + ¼)/3 = 0.3611 over rows 1–3, below one half.
  mha::Matrix A = mha::Matrix::Zero(4, 4);
  for (mha::Index q = 0; q < 4; ++q) A.row(q).head(q + 1).setConstant(1.0f / static_cast<float>(q + 1));
  const mha::HeadStats s = mha::head_stats(A, 0, 0, {}, causal);
  CHECK(s.entropy == Approx(s.max_entropy).epsilon(1e-5));
  CHECK(s.max_entropy == Approx((1 + std::log2(3.0) + 2) / 3).epsilon(1e-5));
  CHECK(s.first == Approx((1.0 / 2 + 1.0 / 3 + 1.0 / 4) / 3));
  CHECK(s.role == "broad");
}

TEST_CASE("a BERT head parked on [SEP] is \"separator\"", "[analysis]") {
  // Tokens [CLS] a b [SEP], no mask: every row gives 0.3 to [CLS] and 0.7 to [SEP].
  // H = −(0.3·log₂ 0.3 + 0.7·log₂ 0.7) = 0.881291 bits of log₂ 4 = 2.
  const mha::Matrix A = rows({{0.3f, 0, 0, 0.7f}, {0.3f, 0, 0, 0.7f}, {0.3f, 0, 0, 0.7f}, {0.3f, 0, 0, 0.7f}});
  const mha::HeadStats s = mha::head_stats(A, 1, 2, {false, false, false, true}, none);
  CHECK(s.separator == Approx(0.7));
  CHECK(s.first == Approx(0.3));
  CHECK(s.self == Approx((0.3 + 0 + 0 + 0.7) / 4));
  CHECK(s.previous == Approx((0.3 + 0 + 0) / 3));  // A[1,0], A[2,1], A[3,2]
  CHECK(s.entropy == Approx(0.881291).epsilon(1e-5));
  CHECK(s.max_entropy == Approx(2.0));
  CHECK(s.top_key == std::vector<int>{3, 3, 3, 3});
  CHECK(s.role == "separator");
}

TEST_CASE("head statistics leave out rows without a choice and follow the mask", "[analysis]") {
  // Causal, key 0 padding: row 0 sees no key (weights 0, top −1), row 1 sees
  // only key 1 (no choice), row 2 sees keys 1 and 2: H = 1 of max 1.
  const mha::Matrix A = rows({{0, 0, 0}, {0, 1, 0}, {0, 0.5f, 0.5f}});
  const mha::HeadStats s = mha::head_stats(A, 0, 0, {}, {true, {true, false, false}});
  CHECK(s.top_key == std::vector<int>{-1, 1, 1});  // row 2: a tie, the first key wins
  CHECK(s.entropy == Approx(1.0));
  CHECK(s.max_entropy == Approx(1.0));
  CHECK(s.previous == Approx(0.5));
  CHECK(s.self == Approx(0.5));
  CHECK(s.first == 0.0f);
  CHECK(s.role == "previous");  // previous and self tie at 0.5: the one listed first

  // The wrong mask for the weights is an error, not a quiet number.
  CHECK_THROWS_AS(mha::head_stats(rows({{0.5f, 0.5f}, {0.5f, 0.5f}}), 0, 0, {}, causal), mha::ShapeError);
  CHECK_THROWS_AS(mha::head_stats(A, 0, 0, {true}, causal), mha::ShapeError);
  CHECK_THROWS_AS(mha::head_stats(rows({{1, 0}}), 0, 0, {}, none), mha::ShapeError);
}

TEST_CASE("rollout of one layer whose heads look at themselves is the identity", "[analysis]") {
  const mha::LabelledMatrix R = mha::attention_rollout({mha::Matrix::Identity(3, 3)}, {"a", "b", "c"});
  check_equal(R.value, mha::Matrix::Identity(3, 3));
  CHECK(R.row_labels == mha::Labels{"a", "b", "c"});
  CHECK(R.col_labels == mha::Labels{"a", "b", "c"});
}

TEST_CASE("rollout of two layers, worked by hand: the last layer multiplies from the left", "[analysis]") {
  // Layer 0: both tokens look at token 1.   Ā_0 = ½·[[0,1],[0,1]] + ½·I = [[½, ½], [0, 1]]
  // Layer 1: both tokens look at token 0.   Ā_1 = ½·[[1,0],[1,0]] + ½·I = [[1, 0], [½, ½]]
  // R = Ā_1·Ā_0 = [[½, ½], [¼, ¾]]   (the other order would give [[¾, ¼], [½, ½]])
  const mha::Matrix A0 = rows({{0, 1}, {0, 1}}), A1 = rows({{1, 0}, {1, 0}});
  check_equal(mha::attention_rollout({A0}, {"x", "y"}).value, rows({{0.5f, 0.5f}, {0, 1}}));
  check_equal(mha::attention_rollout({A0, A1}, {"x", "y"}).value, rows({{0.5f, 0.5f}, {0.25f, 0.75f}}));
}

TEST_CASE("rollout keeps a fully masked row as the token's own", "[analysis]") {
  // Row 0 all zero: ½·0 + ½·I = [½, 0], renormalised [1, 0].
  check_equal(mha::attention_rollout({rows({{0, 0}, {0.5f, 0.5f}})}, {"x", "y"}).value,
              rows({{1, 0}, {0.25f, 0.75f}}));
  CHECK_THROWS_AS(mha::attention_rollout({}, {"x"}), mha::ShapeError);
  CHECK_THROWS_AS(mha::attention_rollout({mha::Matrix::Identity(2, 2)}, {"x", "y", "z"}), mha::ShapeError);
}

TEST_CASE("all_head_stats covers every captured head of a model trace, in order", "[analysis]") {
  const mha::Trace t = mha::testing::synthetic_model_trace(3, 2);
  const auto stats = mha::all_head_stats(t);
  REQUIRE(stats.size() == 6);
  for (std::size_t i = 0; i < stats.size(); ++i) {
    CHECK(stats[i].layer == static_cast<int>(i) / 2);
    CHECK(stats[i].head == static_cast<int>(i) % 2);
    CHECK(stats[i].top_key.size() == t.tokens.size());
    CHECK(stats[i].top_key[0] == 0);  // causal: the first token sees only itself
    CHECK(stats[i].entropy <= stats[i].max_entropy + 1e-5f);
    CHECK(std::find(std::begin(mha::kRoles), std::end(mha::kRoles), stats[i].role) != std::end(mha::kRoles));
  }

  // BERT: the [SEP] keys are the separators, and rows of the rollout sum to 1.
  const mha::Trace b = mha::testing::synthetic_model_trace(2, 2, false, "[CLS] the cat sat [SEP]");
  const auto bert = mha::all_head_stats(b);
  REQUIRE(bert.size() == 4);
  const mha::Matrix& A = b.find(mha::StepName::softmax, 1, {}, 0)->tensor.value;
  CHECK(bert[1].separator == Approx(A.col(4).mean()));
  std::vector<mha::Matrix> means;
  for (int l : b.layers())
    means.push_back(0.5f * (b.find(mha::StepName::softmax, 0, {}, l)->tensor.value +
                            b.find(mha::StepName::softmax, 1, {}, l)->tensor.value));
  const mha::Matrix R = mha::attention_rollout(means, b.token_labels()).value;
  for (mha::Index q = 0; q < R.rows(); ++q) CHECK(R.row(q).sum() == Approx(1.0f));
}

// The token metrics of head_stats (duplicate, punctuation), the punctuation
// test of a token, and the induction probe.
TEST_CASE("duplicate and punctuation shares of a 4 × 4 causal head, worked by hand", "[head-metrics]") {
  // ids [5, 7, 5, 5]: row 2 has the earlier copy k = 0; row 3 has k = 0 and k = 2.
  //   duplicate: row 2 A[2,0] = 0.2; row 3 A[3,0] + A[3,2] = 0.1 + 0.3 = 0.4; mean (0.2 + 0.4) / 2 = 0.3
  // key 1 is punctuation: rows with a choice are 1, 2, 3: A[1,1] 0.6, A[2,1] 0.5, A[3,1] 0.2 → mean 1.3 / 3
  const mha::Matrix A = rows({{1, 0, 0, 0}, {0.4f, 0.6f, 0, 0}, {0.2f, 0.5f, 0.3f, 0}, {0.1f, 0.2f, 0.3f, 0.4f}});
  const mha::KeyTokens keys{{5, 7, 5, 5}, {false, true, false, false}};
  const mha::HeadStats s = mha::head_stats(A, 0, 0, {}, mha::KeyMask{true, {}}, keys);
  CHECK(s.duplicate_rows == 2);
  CHECK(s.duplicate == Approx(0.3f).margin(1e-6));
  CHECK(s.punctuation == Approx(1.3f / 3).margin(1e-6));
  CHECK_FALSE(s.induction.has_value());  // only the probe sets it
  // The five-argument form has no tokens: both stay 0, the rest is the same.
  const mha::HeadStats plain = mha::head_stats(A, 0, 0, {}, mha::KeyMask{true, {}});
  CHECK(plain.duplicate == 0.0f);
  CHECK(plain.duplicate_rows == 0);
  CHECK(plain.previous == s.previous);
  // A sliding window of 2 hides key 0 from row 3 (3 − 0 ≥ 2) and from row 2:
  // row 3 keeps A[3,2] = 0.3 only, row 2 none → one row, duplicate 0.3.
  const mha::Matrix W = rows({{1, 0, 0, 0}, {0.4f, 0.6f, 0, 0}, {0, 0.5f, 0.5f, 0}, {0, 0, 0.3f, 0.7f}});
  mha::KeyMask window{true, {}};
  window.window = 2;
  const mha::HeadStats w = mha::head_stats(W, 0, 0, {}, window, keys);
  CHECK(w.duplicate_rows == 1);
  CHECK(w.duplicate == Approx(0.3f).margin(1e-6));
  CHECK_THROWS_AS(mha::head_stats(A, 0, 0, {}, mha::KeyMask{true, {}}, mha::KeyTokens{{1, 2}, {}}), mha::ShapeError);
}

TEST_CASE("a token is punctuation when its readable text is all Unicode P*", "[head-metrics]") {
  CHECK(mha::is_punctuation_token(token(",")));
  CHECK(mha::is_punctuation_token(token("Ġ,", " ,")));  // GPT-2: the label without its space
  CHECK(mha::is_punctuation_token(token("。")));
  CHECK(mha::is_punctuation_token(token("##.")));  // '#' is Po too
  CHECK(mha::is_punctuation_token(token("?!")));
  CHECK_FALSE(mha::is_punctuation_token(token("[SEP]")));  // letters inside
  CHECK_FALSE(mha::is_punctuation_token(token("a.")));
  CHECK_FALSE(mha::is_punctuation_token(token("Ġ", " ")));  // only white space
  CHECK_FALSE(mha::is_punctuation_token(token("\xE2\x80", "…", true)));  // part of a character
}

TEST_CASE("the induction probe repeats N seeded ids, and the score reads the shifted diagonal", "[head-metrics]") {
  const auto ids = mha::induction_probe_ids(50, 4, 42);
  REQUIRE(ids.size() == 8);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(ids[i] == ids[i + 4]);
    CHECK(ids[i] >= 0);
    CHECK(ids[i] < 50);
  }
  CHECK(mha::induction_probe_ids(50, 4, 42) == ids);  // the same seed, the same sequence
  CHECK(mha::induction_probe_ids(50, 4, 43) != ids);
  // N = 2, [r0 r1 r0 r1]: rows 2 and 3 look at columns 1 and 2: (0.6 + 0.2) / 2 = 0.4
  const mha::Matrix A = rows({{1, 0, 0, 0}, {0.5f, 0.5f, 0, 0}, {0.1f, 0.6f, 0.3f, 0}, {0.3f, 0.2f, 0.2f, 0.3f}});
  CHECK(mha::induction_score(A, 2) == Approx(0.4f).margin(1e-6));
  CHECK_THROWS_AS(mha::induction_score(A, 3), mha::ShapeError);
  CHECK_THROWS_AS(mha::induction_probe_ids(0, 4, 1), mha::InputError);
}
