// Real-model forward passes against tests/data/hf: tiny random GPT-2 and
// BERT checkpoints in HuggingFace's files, with the attention of every block
// and head, the final hidden states and GPT-2's next-token logits that
// tests/reference/make_hf_cases.py computed in float64 with torch from the
// published equations. The C++ pass runs in float32: every number must agree
// to 1e-4 (the script measured torch's own float32 pass within 2.8e-6).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "mha/core/error.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/model/analysis.hpp"
#include "mha/model/model.hpp"
#include "hf_reference.hpp"

namespace {
const std::filesystem::path kHf = std::filesystem::path(MHA_SOURCE_DIR) / "tests/data/hf";
constexpr float kTolerance = 1e-4f;
}  // namespace

TEST_CASE("GPT-2 and BERT checkpoints agree with the torch reference to 1e-4", "[model]") {
  for (const char* folder : {"gpt2-tiny", "gpt2-tiny-sharded", "gpt2-tiny-f16", "bert-tiny", "bert-tiny-bf16"}) {
    const float worst = hf_reference::check_folder(kHf / folder);
    INFO(folder << ": max |delta| = " << worst);
    CHECK(worst <= kTolerance);
    WARN(folder << ": max |delta| = " << worst);
  }
}

TEST_CASE("the progress callback is called once per block, in order", "[model]") {
  mha::ModelRequest request;
  request.dir = kHf / "gpt2-tiny";
  request.text = "The cat";
  std::vector<std::pair<int, int>> calls;
  request.progress = [&](int done, int total) { calls.emplace_back(done, total); };
  mha::run_model(request);
  CHECK(calls == std::vector<std::pair<int, int>>{{1, 2}, {2, 2}});
}

TEST_CASE("GPT-2's predictions are the largest logits, as probabilities over the vocabulary", "[model]") {
  mha::ModelRequest request;
  request.dir = kHf / "gpt2-tiny";
  request.text = "The cat was sleeping in the";
  request.top = 3;
  mha::ModelOutputs out;
  const mha::Trace trace = mha::run_model(request, nullptr, &out);
  REQUIRE(trace.predictions.size() == 3);
  std::vector<float> sorted = out.next_logits;
  std::sort(sorted.rbegin(), sorted.rend());
  double sum = 0;  // softmax denominator, in double as the code does
  const double top = sorted[0];
  for (float z : out.next_logits) sum += std::exp(static_cast<double>(z) - top);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(trace.predictions[i].logit == sorted[i]);
    CHECK(out.next_logits[static_cast<std::size_t>(trace.predictions[i].id)] == sorted[i]);
    CHECK(trace.predictions[i].probability == Approx(std::exp(static_cast<double>(sorted[i]) - top) / sum));
  }
}

TEST_CASE("a model run carries the rollout over every block and the stats of the kept heads", "[model]") {
  mha::ModelRequest request;
  request.dir = kHf / "bert-tiny";
  request.text = "The quick brown fox jumps over the lazy dog.";
  request.layers = {1};
  request.heads = {0, 2};
  const mha::Trace trace = mha::run_model(request);
  const std::size_t n = trace.tokens.size();  // 13: [CLS] … [SEP]
  REQUIRE(trace.rollout);
  REQUIRE(trace.rollout->value.rows() == static_cast<mha::Index>(n));
  for (mha::Index q = 0; q < trace.rollout->value.rows(); ++q)
    CHECK(trace.rollout->value.row(q).sum() == Approx(1.0f).margin(1e-5));  // rows of R sum to 1
  REQUIRE(trace.head_stats.size() == 2);  // block 1, heads 0 and 2
  CHECK(trace.head_stats[0].layer == 1);
  CHECK(trace.head_stats[0].head == 0);
  CHECK(trace.head_stats[1].head == 2);
  CHECK(trace.model->captured_layers == std::vector<int>{1});
  CHECK(trace.model->captured_heads == std::vector<int>{0, 2});
}

TEST_CASE("the induction probe of a model run scores each kept head on its own sequence", "[model][head-metrics]") {
  mha::ModelRequest request;
  request.dir = kHf / "gpt2-tiny";
  request.text = "The cat sat.";
  request.heads = {1, 3};
  request.induction_probe = 6;
  request.probe_seed = 7;
  const mha::Trace trace = mha::run_model(request);
  REQUIRE(trace.induction_probe);
  CHECK(trace.induction_probe->ids == mha::induction_probe_ids(trace.model->vocab_size, 6, 7));  // 12 ids, 6 twice
  // The same sequence run by hand: each kept head's mean A[i, i − 5] over i = 6 … 11.
  mha::ModelRequest by_hand;
  by_hand.dir = request.dir;
  by_hand.text = "x";
  by_hand.ids = trace.induction_probe->ids;
  const mha::Trace probe = mha::run_model(by_hand);
  REQUIRE(trace.head_stats.size() == 4);  // 2 blocks × heads 1 and 3
  for (const mha::HeadStats& h : trace.head_stats) {
    const mha::Matrix& A = probe.find(mha::StepName::softmax, h.head, {}, h.layer)->tensor.value;  // [12, 12]
    double sum = 0;
    for (mha::Index i = 6; i < 12; ++i) sum += A(i, i - 5);
    REQUIRE(h.induction);
    CHECK(*h.induction == Approx(sum / 6).margin(1e-6));
  }
  request.induction_probe = 0;
  for (const mha::HeadStats& h : mha::run_model(request).head_stats) CHECK_FALSE(h.induction);  // no probe, no score
}

TEST_CASE("the induction probe agrees with a float64 torch forward", "[model][head-metrics]") {
  // tests/reference/make_head_analysis_cases.py: the probe's ids from a Python
  // SplitMix64, the float64 torch GPT-2 forward on them, each head's mean
  // A[i, i − N + 1]. The ids must match exactly; the scores to 1e-5 (float32
  // against float64, the softmax weights agree to about 4e-7).
  std::ifstream in(std::filesystem::path(MHA_SOURCE_DIR) / "tests/reference/head_analysis_cases/gpt2-tiny-induction.json");
  REQUIRE(in);
  const nlohmann::json fixture = nlohmann::json::parse(in);
  double worst = 0;
  for (const nlohmann::json& c : fixture.at("cases")) {
    mha::ModelRequest request;
    request.dir = kHf / "gpt2-tiny";
    request.text = "The cat sat.";
    request.induction_probe = c.at("length").get<int>();
    request.probe_seed = c.at("seed").get<std::uint64_t>();
    const mha::Trace trace = mha::run_model(request);
    REQUIRE(trace.induction_probe);
    CHECK(trace.induction_probe->ids == c.at("ids").get<std::vector<std::int64_t>>());
    for (const mha::HeadStats& h : trace.head_stats) {
      const double want = c.at("induction").at(h.layer).at(h.head).get<double>();
      REQUIRE(h.induction);
      worst = std::max(worst, std::abs(*h.induction - want));
      CHECK(*h.induction == Approx(want).margin(1e-5));
    }
  }
  WARN("induction scores against torch: max |delta| = " << worst);
}
