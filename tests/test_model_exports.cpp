// The machine-readable exports of a --model run (schema 3): the JSON trace,
// the .npy folder and safetensors file, and bertviz's arguments, on the
// synthetic model-shaped traces of model_trace_fixture.hpp. A toy run's
// exports are pinned by the samples (samples_reproduce) and the other tests.
//
// The hidden test "[.model-files]" writes these exports for three model runs
// into $MHA_MODEL_TRACE_DIR, for the Python checks in tests/reference/
// (schema, recomputation, numpy, bertviz with torch).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "mha/model/analysis.hpp"
#include "mha/views/bertviz/bertviz.hpp"
#include "mha/core/error.hpp"
#include "mha/views/exports/export_tensors.hpp"
#include "mha/io/npy.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/views/json/json_trace.hpp"
#include "model_trace_fixture.hpp"

using nlohmann::json;
using mha::StepName;

namespace {

// What the forward pass adds after the blocks (model/analysis.hpp), from
// the trace's own softmax steps: the fixture leaves them empty.
void add_summaries(mha::Trace& t) {
  const mha::CapturedAttention captured = mha::captured_attention(t);
  const auto n = static_cast<mha::Index>(t.tokens.size());
  std::vector<mha::Matrix> means;  // per block: mean_h A_l,h [n, n]
  for (int l : captured.layers) {
    mha::Matrix mean = mha::Matrix::Zero(n, n);
    for (int h : captured.heads) mean += t.find(StepName::softmax, h, {}, l)->tensor.value;
    means.push_back(mean / static_cast<float>(captured.heads.size()));
  }
  t.rollout = mha::attention_rollout(means, t.token_labels());
  t.head_stats = mha::all_head_stats(t);
}

// A GPT-2-shaped run: `layers` blocks of `heads` heads, the softmax of each, top predictions, summaries.
mha::Trace gpt2_trace(int layers = 2, int heads = 4) {
  mha::Trace t = mha::testing::synthetic_model_trace(layers, heads, true);
  add_summaries(t);
  return t;
}

// Every step, as a model run with --steps for all of them records it: the
// fixture's attention steps per block, plus (copies of the output's numbers,
// shaped [n, d]) GPT-2's LN₁, residual, LN₂, mlp, residual in each block and
// its final layer norm outside the blocks.
mha::Trace gpt2_all_steps_trace() {
  mha::Trace t = mha::testing::synthetic_model_trace(2, 2, true, "the cat sat on the mat", true);
  std::vector<mha::Step> steps;
  const auto like = [](const mha::Step& from, StepName name, const char* symbol) {
    mha::Step s = from;
    s.name = name;
    s.symbol = symbol;
    s.formula = symbol;
    return s;
  };
  for (const mha::Step& s : t.steps) {
    if (s.name == StepName::tokenize) continue;
    if (s.name == StepName::project_q) steps.push_back(like(*t.find(StepName::output, {}, {}, s.layer), StepName::layer_norm, "a"));
    steps.push_back(s);
    if (s.name == StepName::output) {
      steps.push_back(like(s, StepName::residual, "h'"));
      steps.push_back(like(s, StepName::layer_norm, "m"));
      steps.push_back(like(s, StepName::mlp, "f"));
      steps.push_back(like(s, StepName::residual, "h"));
    }
  }
  mha::Step final_norm = like(steps.back(), StepName::layer_norm, "H");
  final_norm.layer.reset();
  steps.push_back(final_norm);
  t.steps = std::move(steps);
  add_summaries(t);
  return t;
}

// A BERT-shaped sentence pair (token types 0 0 0 0 1 1 1) of which --layers 1,2
// and --heads 0,2 were kept, out of 3 blocks of 4 heads.
mha::Trace bert_pair_trace() {
  mha::Trace t = mha::testing::synthetic_model_trace(3, 4, false, "[CLS] the cat [SEP] sat down [SEP]");
  std::erase_if(t.steps, [](const mha::Step& s) { return s.layer == 0 || s.head == 1 || s.head == 3; });
  t.model->captured_layers = {1, 2};
  t.model->captured_heads = {0, 2};
  t.model->token_types = {0, 0, 0, 0, 1, 1, 1};
  add_summaries(t);
  return t;
}

std::vector<std::string> keys_of(const json& index) {
  std::vector<std::string> keys;
  for (const auto& e : index.at("tensors")) keys.push_back(e.at("key"));
  return keys;
}

json npy_index(const mha::Trace& t, const mha::StepFilter& steps = {}) {
  for (const auto& [name, bytes] : mha::trace_to_npy_files(t, steps))
    if (name == "index.json") return json::parse(bytes);
  FAIL("no index.json");
  throw;
}

}  // namespace

TEST_CASE("model trace JSON: schema 3, every step with its block, the model's summaries", "[model-exports]") {
  const mha::Trace t = gpt2_trace();
  const json j = json::parse(mha::trace_to_json(t));
  CHECK(j.at("schema_version") == 3);
  CHECK(mha::trace_schema_version(t) == mha::kModelTraceSchemaVersion);

  // 2 blocks × 4 heads: 8 softmax steps, the first four in block 0.
  std::vector<int> layers, heads;
  for (const auto& s : j.at("steps")) {
    CHECK(s.at("step") == "softmax");
    layers.push_back(s.at("layer"));
    heads.push_back(s.at("head"));
  }
  CHECK(layers == std::vector<int>{0, 0, 0, 0, 1, 1, 1, 1});
  CHECK(heads == std::vector<int>{0, 1, 2, 3, 0, 1, 2, 3});

  const json& m = j.at("model");
  CHECK(m == json::parse(R"({"type": "gpt2", "source": "synthetic", "dtype": "F32", "layers": 2, "heads": 4,
      "d_model": 16, "d_ff": 64, "vocab_size": 100, "max_positions": 64, "layer_norm_eps": 1e-05,
      "captured_layers": [0, 1], "captured_heads": [0, 1, 2, 3], "token_types": [], "truncated": false})"));
  CHECK(j.at("predictions") == json::parse(R"([{"id": 11, "token": "mat", "logit": 3.5, "probability": 0.4},
                                               {"id": 12, "token": "hat", "logit": 2, "probability": 0.1}])"));
  // Floats keep their float32 bits: 0.4f is written "0.4", not 0.4000000059604645.
  CHECK(mha::trace_to_json(t).find("\"probability\": 0.4}") != std::string::npos);

  REQUIRE(j.at("head_stats").size() == 8);
  const json& s = j.at("head_stats")[5];
  CHECK(s.at("layer") == 1);
  CHECK(s.at("head") == 1);
  CHECK(s.at("top_key").size() == 6);
  CHECK(s.at("top_key")[0] == 0);  // causal: query 0 sees only itself
  CHECK(s.at("entropy").get<float>() == t.head_stats[5].entropy);
  CHECK(s.at("entropy").get<double>() <= s.at("max_entropy").get<double>());

  const json& r = j.at("rollout");
  CHECK(r.at("shape") == json({6, 6}));
  CHECK(r.at("rows") == json({"the", "cat", "sat", "on", "the", "mat"}));
  for (const auto& row : r.at("values")) {
    double sum = 0;
    for (const auto& x : row) sum += x.get<double>();
    CHECK(std::abs(sum - 1.0) < 1e-6);
  }
  CHECK(r.at("values")[0][1] == 0);  // causal: token 0 takes nothing from token 1
}

TEST_CASE("model trace JSON: steps outside the blocks say layer null; BERT has no predictions", "[model-exports]") {
  const json all = json::parse(mha::trace_to_json(gpt2_all_steps_trace()));
  const json& last = all.at("steps").back();
  CHECK(last.at("step") == "layer_norm");
  CHECK(last.at("layer").is_null());
  CHECK(last.at("head").is_null());
  for (const auto& s : all.at("steps")) CHECK(s.contains("layer"));

  const json bert = json::parse(mha::trace_to_json(bert_pair_trace()));
  CHECK(bert.at("predictions") == json::array());
  CHECK(bert.at("model").at("token_types") == json({0, 0, 0, 0, 1, 1, 1}));
  CHECK(bert.at("model").at("captured_layers") == json({1, 2}));
  CHECK(bert.at("steps").size() == 4);  // blocks 1 and 2, heads 0 and 2
  CHECK(bert.at("head_stats").size() == 4);
}

TEST_CASE("a toy trace stays schema 2, without any of the model fields", "[model-exports]") {
  mha::Config c;
  const std::string text = mha::trace_to_json(mha::explain_sentence("a b", c));
  const json j = json::parse(text);
  CHECK(j.at("schema_version") == 2);
  for (const char* key : {"model", "predictions", "head_stats", "rollout"}) CHECK_FALSE(j.contains(key));
  CHECK(text.find("\"layer\"") == std::string::npos);
  CHECK(npy_index(mha::explain_sentence("a b", c)).at("schema_version") == 2);
}

TEST_CASE("npy keys of a model run: layer<l>.softmax.head<h>, rollout, attentions", "[model-exports]") {
  const mha::Trace t = gpt2_trace();
  const json index = npy_index(t);
  CHECK(index.at("schema_version") == 3);
  std::vector<std::string> want;
  for (const char* p : {"embedding", "positional_encoding", "W_Q", "W_K", "W_V", "W_O", "b_Q", "b_K", "b_V", "b_O"})
    want.push_back(std::string("param.") + p);  // the fixture keeps its toy layer's parameters
  for (int l = 0; l < 2; ++l)
    for (int h = 0; h < 4; ++h) want.push_back("layer" + std::to_string(l) + ".softmax.head" + std::to_string(h));
  want.push_back("rollout");
  want.push_back("attentions");
  CHECK(keys_of(index) == want);

  const json& e = index.at("tensors")[10 + 6];  // block 1, head 2
  CHECK(e.at("layer") == 1);
  CHECK(e.at("head") == 2);
  CHECK(e.at("file") == "layer1.softmax.head2.npy");
  const json& a = index.at("tensors").back();
  CHECK(a.at("kind") == "attentions");
  CHECK(a.at("shape") == json({2, 4, 6, 6}));
  CHECK(a.at("layers") == json({0, 1}));
  CHECK(a.at("heads") == json({0, 1, 2, 3}));
  CHECK(index.at("tensors")[18].at("kind") == "rollout");
  CHECK(index.at("tensors")[18].at("shape") == json({6, 6}));

  // attentions[l, h] is A of block l, head h, bit for bit.
  for (const auto& [name, bytes] : mha::trace_to_npy_files(t, {}))
    if (name == "attentions.npy") {
      const mha::io::Tensor stacked = mha::io::parse_npy(bytes, name, "attentions");
      REQUIRE(stacked.shape == std::vector<std::int64_t>{2, 4, 6, 6});
      const mha::Matrix& A = t.find(StepName::softmax, 2, {}, 1)->tensor.value;
      const std::size_t offset = (1 * 4 + 2) * 36;
      for (mha::Index q = 0; q < 6; ++q)
        for (mha::Index k = 0; k < 6; ++k) CHECK(stacked.data[offset + static_cast<std::size_t>(q * 6 + k)] == A(q, k));
    }

  // --steps without softmax: no attentions (and the rollout, not a step, stays).
  const std::vector<std::string> filtered = keys_of(npy_index(t, mha::steps_from_list("scores")));
  CHECK(filtered.back() == "rollout");
}

TEST_CASE("npy keys tell a block's two layer norms and residuals apart", "[model-exports]") {
  const mha::Trace t = gpt2_all_steps_trace();
  const std::vector<std::string> keys = mha::step_keys(t);
  const auto has = [&](const std::string& k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
  for (const char* k : {"layer0.layer_norm.attn", "layer0.residual.attn", "layer0.layer_norm.mlp", "layer0.mlp",
                        "layer0.residual.mlp", "layer1.split_heads.head1.V", "layer1.mask.head0", "layer1.output",
                        "layer_norm"})
    CHECK(has(k));
  CHECK(keys.size() == t.steps.size());
  CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == keys.size());

  // Two steps that no rule tells apart are an error, not an overwritten file.
  mha::Trace twice = t;
  twice.steps.push_back(twice.steps.front());
  CHECK_THROWS_AS(mha::step_keys(twice), mha::ShapeError);
}

TEST_CASE("safetensors of a model run: the same keys, attentions of the captured blocks and heads", "[model-exports]") {
  const mha::Trace t = bert_pair_trace();
  const mha::io::TensorSet set = mha::io::parse_safetensors(mha::trace_to_safetensors(t, {}), "bert.safetensors");
  CHECK(set.metadata.at("schema_version") == "3");
  const mha::io::Tensor* a = set.find("attentions");
  REQUIRE(a);
  CHECK(a->shape == std::vector<std::int64_t>{2, 2, 7, 7});  // blocks 1, 2 × heads 0, 2
  REQUIRE(set.find("layer2.softmax.head2"));
  CHECK(set.find("layer2.softmax.head2")->data ==
        std::vector<float>(a->data.begin() + 3 * 49, a->data.end()));  // the last of the four
  CHECK(set.find("rollout")->shape == std::vector<std::int64_t>{7, 7});
  const json index = json::parse(set.metadata.at("index"));
  CHECK(index.at("tensors").back().at("layers") == json({1, 2}));
  CHECK(index.at("tensors").back().at("heads") == json({0, 2}));
}

TEST_CASE("bertviz of a model run: one [1][heads][n][n] per block", "[model-exports]") {
  const mha::Trace t = gpt2_trace(3, 2);
  const json j = json::parse(mha::trace_to_bertviz(t));
  CHECK(j.size() == 2);  // attention, tokens: nothing else for a GPT-2 run of every block and head
  REQUIRE(j.at("attention").size() == 3);
  for (int l = 0; l < 3; ++l) {
    const json& layer = j["attention"][static_cast<std::size_t>(l)];
    REQUIRE(layer.size() == 1);
    REQUIRE(layer[0].size() == 2);
    const mha::Matrix& A = t.find(StepName::softmax, 1, {}, l)->tensor.value;
    CHECK(layer[0][1][3][2].get<float>() == A(3, 2));
  }
}

TEST_CASE("bertviz of a partial BERT pair run: zeros for what was left out, include_layers, sentence_b_start",
          "[model-exports]") {
  const mha::Trace t = bert_pair_trace();
  const json j = json::parse(mha::trace_to_bertviz(t));
  CHECK(j.at("sentence_b_start") == 4);  // the first token of type 1: "sat"
  CHECK(j.at("include_layers") == json({1, 2}));
  REQUIRE(j.at("attention").size() == 3);  // blocks 0 … 2; block 0 was not kept
  const auto total = [](const json& head) {
    double sum = 0;
    for (const auto& row : head)
      for (const auto& x : row) sum += x.get<double>();
    return sum;
  };
  for (int l = 0; l < 3; ++l)
    for (int h = 0; h < 4; ++h) {
      const bool kept = l >= 1 && (h == 0 || h == 2);
      const json& head = j["attention"][static_cast<std::size_t>(l)][0][static_cast<std::size_t>(h)];
      REQUIRE(head.size() == 7);
      CHECK(total(head) == Approx(kept ? 7.0 : 0.0).margin(1e-5));  // each kept row sums to 1
    }
  // Left out: 0.0, a float, so that torch.tensor makes float32 of block 0 (all zeros) like of the others.
  CHECK(j["attention"][0][0][0][0][0].is_number_float());
}

TEST_CASE("bertviz refuses a model run that kept no softmax weights", "[model-exports]") {
  mha::Trace t = gpt2_all_steps_trace();
  std::erase_if(t.steps, [](const mha::Step& s) { return s.name == StepName::softmax; });
  CHECK_THROWS_AS(mha::trace_to_bertviz(t), mha::InputError);
}

// Run by tests/reference/*.py: `mha_tests "[.model-files]"` with MHA_MODEL_TRACE_DIR set.
TEST_CASE("write model exports for the Python checks", "[.model-files]") {
  const char* dir = std::getenv("MHA_MODEL_TRACE_DIR");
  REQUIRE(dir);
  const auto write = [](const std::filesystem::path& path, const std::string& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  };
  const std::pair<const char*, mha::Trace> cases[] = {
      {"gpt2", gpt2_trace()}, {"gpt2-all-steps", gpt2_all_steps_trace()}, {"bert-pair-partial", bert_pair_trace()}};
  for (const auto& [name, t] : cases) {
    const std::filesystem::path folder = std::filesystem::path(dir) / name;
    write(folder / "trace.json", mha::trace_to_json(t));
    for (const auto& [file, bytes] : mha::trace_to_npy_files(t, {})) write(folder / "npy" / file, bytes);
    write(folder / "t.safetensors", mha::trace_to_safetensors(t, {}));
    write(folder / "attention.json", mha::trace_to_bertviz(t));
  }
}
