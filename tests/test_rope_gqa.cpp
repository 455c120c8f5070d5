// RoPE (--positional rope) and grouped-query attention (--kv-heads) in the
// toy layer: hand-computed rotations, and every case of
// tests/reference/rope_gqa_cases/ (make_rope_gqa_cases.py: a forward written
// in torch from the equations, Hugging Face's rotate_half and repeat_kv,
// computed in float64 and stored as float32). We run our float32 engine on
// the stored inputs and weights and require max |Δ| ≤ 1e-5: our sums run
// over at most 16 terms of size about 1, so float32 rounding (2^-24 ≈ 6e-8
// per operation) stays near 1e-6; 1e-5 is the fp32 tolerance of the other
// torch tests and leaves that margin.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <regex>

#include "mha/core/attention.hpp"
#include "mha/core/error.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/io/weights_file.hpp"
#include "mha/pipeline.hpp"
#include "mha/views/terminal/explain.hpp"
#include "torch_case.hpp"

namespace {

namespace fs = std::filesystem;
using mha::Index;
using mha::Matrix;
using torch_case::matrix_of;

// Head `head` of an [h, n, w] tensor as an [n, w] matrix.
Matrix head_of(const mha::io::Tensor& t, Index head) {
  const Index n = t.shape[1], w = t.shape[2];
  Matrix m(n, w);
  std::copy_n(t.data.begin() + head * n * w, n * w, m.data());
  return m;
}

float max_diff(const Matrix& a, const Matrix& b) { return (a - b).cwiseAbs().maxCoeff(); }

}  // namespace

TEST_CASE("rope at position 0 is the identity", "[rope]") {
  Matrix q(1, 4);
  q << 0.5f, -1.25f, 2.0f, 3.5f;
  // angle = 0·θ^(−2j/d_k) = 0 for every pair: cos 1, sin 0.
  CHECK(mha::rope(q, 10000.0) == q);
}

TEST_CASE("rope turns a 2-feature pair by a right angle", "[rope]") {
  // d_k = 2: one pair (0, 1), frequency θ^0 = 1, so at position 1 the angle
  // is 1 rad whatever θ; at position t it is t rad. Row 0 is position 0.
  // To get π/2 we put the vector at a position whose angle is π/2: with
  // d_k = 4 the second pair turns by t·θ^(−1/2); θ = (2/π)^2 makes t = 1 a right angle.
  Matrix x(2, 4);
  x << 0.0f, 0.0f, 0.0f, 0.0f,  // position 0 (unused)
      1.0f, 3.0f, 2.0f, 5.0f;   // position 1: pair 0 = (1, 2), pair 1 = (3, 5)
  const double theta = std::pow(2.0 / std::numbers::pi, 2.0);
  const Matrix r = mha::rope(x, theta);
  // pair 1 (features 1 and 3): x' = (x1·cos − x3·sin, x3·cos + x1·sin) = (−5, 3) at π/2
  CHECK(r(1, 1) == Approx(-5.0f).margin(1e-6));
  CHECK(r(1, 3) == Approx(3.0f).margin(1e-6));
  // pair 0 (features 0 and 2) turns by 1 rad: (cos 1 − 2 sin 1, 2 cos 1 + sin 1)
  CHECK(r(1, 0) == Approx(std::cos(1.0) - 2 * std::sin(1.0)).margin(1e-6));
  CHECK(r(1, 2) == Approx(2 * std::cos(1.0) + std::sin(1.0)).margin(1e-6));
}

TEST_CASE("rotated scores depend only on the distance between positions", "[rope]") {
  // The same query vector at every position and the same key vector at every
  // position: S[q, k] = rope(q)·rope(k)ᵀ depends on q − k only.
  Matrix q(6, 4), k(6, 4);
  for (Index t = 0; t < 6; ++t) {
    q.row(t) << 0.3f, -0.7f, 1.1f, 0.4f;
    k.row(t) << -0.2f, 0.9f, 0.5f, -1.3f;
  }
  const Matrix S = mha::scores(mha::rope(q, 10000.0), mha::rope(k, 10000.0));
  CHECK(S(3, 1) == Approx(S(5, 3)).margin(1e-6));  // distance 2
  CHECK(S(1, 4) == Approx(S(2, 5)).margin(1e-6));  // distance −3
  CHECK(S(0, 0) == Approx(S(4, 4)).margin(1e-6));  // distance 0: the unrotated dot product
  CHECK(std::abs(S(3, 1) - S(3, 2)) > 1e-3f);      // and distance does matter
}

TEST_CASE("rope and kv-heads are checked in one place", "[rope][gqa]") {
  mha::Config c;
  c.d_model = 6;
  c.heads = 2;  // d_k = 3
  c.positional = mha::Positional::rope;
  CHECK_THROWS_WITH(c.resolved(), "--positional rope rotates pairs of features, but d_k is 3; expected an even d_k");
  mha::Config g;
  g.d_model = 16;
  g.heads = 4;
  g.kv_heads = 3;
  CHECK_THROWS_WITH(g.resolved(), "kv_heads is 3; expected a divisor of heads (4) so each key/value head serves the "
                                  "same number of query heads");
  g.kv_heads = 0;
  CHECK(g.resolved().kv_heads == 4);  // default: plain multi-head attention
}

TEST_CASE("grouped-query heads read their key/value head", "[gqa]") {
  mha::Config c;
  c.d_model = 16;
  c.heads = 4;
  c.kv_heads = 2;
  const mha::Trace t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", c);
  CHECK(t.parameter("W_K")->tensor.value.cols() == 8);  // kv_heads·d_k = 2·4
  CHECK(t.parameter("W_V")->tensor.value.cols() == 8);
  const Matrix& K = t.find(mha::StepName::project_k)->tensor.value;
  // query heads 0, 1 read key/value head 0; heads 2, 3 read head 1
  for (int i = 0; i < 4; ++i) {
    const Matrix& K_i = t.find(mha::StepName::split_heads, i, "K_" + std::to_string(i))->tensor.value;
    CHECK(K_i == K.middleCols((i / 2) * 4, 4));
  }
  CHECK(t.find(mha::StepName::split_heads, 3, "K_3")->formula == "K_3 = K[:, 4:8] (key/value head 1)");
}

TEST_CASE("weights files: W_K and W_V kv_heads wide with --kv-heads, checked by name", "[gqa]") {
  auto tensor = [](std::string name, std::int64_t rows, std::int64_t cols) {
    return mha::io::Tensor{std::move(name), mha::io::DType::F32, {rows, cols},
                           std::vector<float>(static_cast<std::size_t>(rows * cols), 0.5f)};
  };
  mha::io::TensorSet set{"gqa.safetensors",
                         {tensor("W_Q", 16, 16), tensor("W_K", 16, 8), tensor("W_V", 16, 8), tensor("W_O", 16, 16)},
                         {}};
  mha::Config c;
  c.d_model = 0;  // from the file
  c.heads = 4;
  c.kv_heads = 2;
  mha::Config sized = mha::sizes_from_weights(set, c);
  CHECK(sized.d_v == 4);  // W_V's 8 columns are 2 key/value heads, not 4 heads
  sized = sized.resolved();
  const mha::AttentionWeights w = mha::weights_from_tensors(set, sized);
  CHECK(w.W_K.cols() == 8);
  // The same file read as plain attention: W_K is one head short per pair.
  mha::Config plain = sized;
  plain.kv_heads = 4;
  CHECK_THROWS_WITH(mha::weights_from_tensors(set, plain),
                    "gqa.safetensors: tensor \"W_K\" has shape [16, 8]; expected [kdim, heads·d_k] = [16, 16]");
  mha::Config one = sized;
  one.kv_heads = 1;
  CHECK_THROWS_WITH(mha::weights_from_tensors(set, one),
                    "gqa.safetensors: tensor \"W_K\" has shape [16, 8]; expected [kdim, kv_heads·d_k] = [16, 4]");
}

TEST_CASE("the explanation walks rope and says who shares a key/value head", "[rope][gqa][views]") {
  mha::Config c;
  c.d_model = 16;
  c.heads = 4;
  c.kv_heads = 2;
  c.positional = mha::Positional::rope;
  const mha::Trace t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", c);
  // The worked pair is the followed (last) token's, 薯条 at position 4: angle 4 rad.
  const Matrix& Q_0 = t.find(mha::StepName::split_heads, 0, "Q_0")->tensor.value;
  const Matrix& R_0 = t.find(mha::StepName::rope, 0, "Q_rot_0")->tensor.value;
  CHECK(R_0(4, 0) == Approx(Q_0(4, 0) * std::cos(4.0f) - Q_0(4, 2) * std::sin(4.0f)).margin(1e-6));
  for (mha::Lang lang : {mha::Lang::en, mha::Lang::zh}) {
    mha::ExplainOptions o;
    o.lang = lang;
    // The text wraps long lines: join them again (a line break and its indent -> one space).
    const std::string text = std::regex_replace(mha::explain(t, o), std::regex(" *\n *"), " ");
    CHECK_THAT(text, Catch::Contains("] rope · head 3"));
    CHECK_THAT(text, Catch::Contains("Q_rot_0[薯条, 0] = Q_0[薯条, 0]·cos − Q_0[薯条, 2]·sin"));
    CHECK_THAT(text, Catch::Contains(lang == mha::Lang::en ? "angle = 4·θ^0 = 4.000 rad" : "角度 = 4·θ^0 = 4.000 弧度"));
    CHECK_THAT(text, Catch::Contains(lang == mha::Lang::en ? "depends on the angle between them, (q − k)·frequency"
                                                           : "只取决于两者之间的夹角 (q − k)·频率"));
    CHECK_THAT(text, Catch::Contains(lang == mha::Lang::en ? "the 4 query heads share 2 key/value heads"
                                                           : "4 个查询头共用 2 个键/值头"));
    CHECK_THAT(text, Catch::Contains(lang == mha::Lang::en
                                         ? "query head 3 owns columns 12–15 of Q and reads key/value head 1: columns "
                                           "4–7 of K"
                                         : "查询头 3 拥有 Q 的第 12–15 列，读取键/值头 1：K 的第 4–7 列"));
    CHECK_THAT(text, Catch::Contains("S_0[薯条, 我] = Σ_j Q_rot_0[薯条, j]·K_rot_0[我, j]"));
  }
}

TEST_CASE("RoPE and GQA agree with a torch forward to 1e-5", "[torch][rope][gqa]") {
  const fs::path dir = fs::path(MHA_SOURCE_DIR) / "tests/reference/rope_gqa_cases";
  const std::vector<fs::path> files = torch_case::case_files(dir);
  REQUIRE(files.size() == 5);  // the script writes 5 cases
  float worst_rot = 0, worst_A = 0, worst_Y = 0;
  for (const auto& file : files) {
    INFO(file.filename().string());
    const mha::io::TensorSet set = mha::io::read_safetensors(file);
    mha::Config c;
    c.d_model = std::stoi(set.metadata.at("d_model"));
    c.heads = std::stoi(set.metadata.at("heads"));
    c.kv_heads = std::stoi(set.metadata.at("kv_heads"));
    c.rope_theta = std::stod(set.metadata.at("rope_theta"));
    c.positional = c.rope_theta > 0 ? mha::Positional::rope : mha::Positional::none;
    c.causal = set.metadata.at("causal") == "true";
    c = c.resolved();
    const mha::AttentionWeights w = mha::weights_from_tensors(set, c);  // W_K, W_V kv_heads·d_k wide
    const Matrix X = matrix_of(*set.find("X"));
    mha::Labels labels(static_cast<std::size_t>(X.rows()), "t");
    mha::Trace trace;
    const Matrix Y = mha::multi_head_attention({X, X, X, labels, labels, {}}, w, c, &trace);
    float d_rot = 0, dA = 0;
    for (int i = 0; i < c.heads; ++i) {
      const std::string s = std::to_string(i);
      dA = std::max(dA, max_diff(trace.find(mha::StepName::softmax, i)->tensor.value,
                                 head_of(*set.find("expected.attn_weights"), i)));
      if (c.positional != mha::Positional::rope) continue;
      d_rot = std::max(d_rot, max_diff(trace.find(mha::StepName::rope, i, "Q_rot_" + s)->tensor.value,
                                       head_of(*set.find("expected.q_rot"), i)));
      d_rot = std::max(d_rot, max_diff(trace.find(mha::StepName::rope, i, "K_rot_" + s)->tensor.value,
                                       head_of(*set.find("expected.k_rot"), i / (c.heads / c.kv_heads))));
    }
    const float dY = max_diff(Y, matrix_of(*set.find("expected.output")));
    CHECK(d_rot <= 1e-5f);
    CHECK(dA <= 1e-5f);
    CHECK(dY <= 1e-5f);
    worst_rot = std::max(worst_rot, d_rot);
    worst_A = std::max(worst_A, dA);
    worst_Y = std::max(worst_Y, dY);
  }
  std::printf("rope/gqa torch reference: %zu cases, max |d Q_rot,K_rot| = %.3g, max |dA| = %.3g, max |dY| = %.3g\n",
              files.size(), static_cast<double>(worst_rot), static_cast<double>(worst_A),
              static_cast<double>(worst_Y));
}
