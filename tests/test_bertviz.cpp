#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mha/views/bertviz/bertviz.hpp"
#include "mha/pipeline.hpp"

using nlohmann::json;

namespace {

// Every weight of the file equals the trace's softmax A_h[q][k] as float32:
// the file is [layers = 1][batch = 1][heads][queries][keys].
void check_weights(const json& layers, const mha::Trace& t) {
  REQUIRE(layers.size() == 1);
  REQUIRE(layers[0].size() == 1);
  REQUIRE(layers[0][0].size() == static_cast<std::size_t>(t.config.heads));
  for (int h = 0; h < t.config.heads; ++h) {
    const mha::Matrix& A = t.find(mha::StepName::softmax, h)->tensor.value;
    const json& head = layers[0][0][static_cast<std::size_t>(h)];
    REQUIRE(head.size() == static_cast<std::size_t>(A.rows()));
    for (mha::Index q = 0; q < A.rows(); ++q) {
      const json& row = head[static_cast<std::size_t>(q)];
      REQUIRE(row.size() == static_cast<std::size_t>(A.cols()));
      for (mha::Index k = 0; k < A.cols(); ++k) {
        REQUIRE(row[static_cast<std::size_t>(k)].is_number());  // never null (NaN)
        CHECK(row[static_cast<std::size_t>(k)].get<float>() == A(q, k));
      }
    }
  }
}

}  // namespace

TEST_CASE("bertviz export: [1][1][heads][n][n] of the softmax weights, and the tokens", "[bertviz]") {
  mha::Config cfg;
  cfg.causal = true;
  cfg.heads = 4;
  const auto t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg);
  const json j = json::parse(mha::trace_to_bertviz(t));
  // head_view(attention, tokens): nothing else, so the file's keys can be passed on as they are.
  CHECK(j.size() == 2);
  CHECK(j.at("tokens") == json({"我", "喜欢", "吃", "芝士", "薯条"}));
  check_weights(j.at("attention"), t);
  // Causal: query 0 may only look at itself, so its other 4 weights are 0 (masked, not NaN).
  CHECK(j["attention"][0][0][1][0] == json({1, 0, 0, 0, 0}));
}

TEST_CASE("bertviz export of cross-attention: bertviz's encoder-decoder arguments", "[bertviz]") {
  mha::AttentionRequest request;
  request.text = "我 喜欢";
  request.context = "I like fries";
  const auto t = mha::run_attention(request, mha::Config{});
  const json j = json::parse(mha::trace_to_bertviz(t));
  CHECK(j.size() == 3);
  CHECK_FALSE(j.contains("attention"));  // head_view refuses attention= together with cross_attention=
  CHECK(j.at("decoder_tokens") == json({"我", "喜欢"}));         // queries: the rows
  CHECK(j.at("encoder_tokens") == json({"I", "like", "fries"}));  // keys: the columns
  check_weights(j.at("cross_attention"), t);
}
