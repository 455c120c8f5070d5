// Model folders that are broken on purpose, each made from a fixture of
// tests/data/hf in a temporary folder: every one is refused with one line
// that names the file, the place and what was expected.
#include <catch2/catch.hpp>

#include <string>

#include "mha/core/error.hpp"
#include "mha/model/model.hpp"
#include "model_copy.hpp"

using model_copy::Copy;
using model_copy::error_of;
namespace fs = std::filesystem;
const fs::path kHf = model_copy::kHf;


TEST_CASE("a missing tensor is named with the shape it should have", "[model]") {
  Copy c("gpt2-tiny");
  c.edit_weights([](auto& t) { std::erase_if(t, [](const auto& x) { return x.name == "transformer.h.1.ln_2.bias"; }); });
  CHECK_THAT(error_of(c.dir), Catch::Contains("tensor \"h.1.ln_2.bias\" is missing; expected shape [32] = [n_embd]"));
  // Found when the folder is loaded, before any text runs through block 0.
  CHECK_THROWS_AS(mha::Model::load(c.dir), mha::FormatError);
}

TEST_CASE("a tensor of the wrong size is named with its shape and the expected one", "[model]") {
  Copy c("gpt2-tiny");
  c.edit_weights([](auto& t) {
    for (auto& x : t)
      if (x.name == "transformer.wpe.weight") {
        x.shape = {65, 32};
        x.data.resize(65 * 32, 0.0f);
      }
  });
  CHECK_THAT(error_of(c.dir), Catch::Contains("model.safetensors: tensor \"transformer.wpe.weight\" has shape [65, 32]; "
                                              "expected [64, 32] = [n_positions, n_embd] from config.json"));
}

TEST_CASE("a config that disagrees with the weights names the first tensor that does not fit", "[model]") {
  Copy c("gpt2-tiny");
  c.replace("config.json", "\"n_embd\": 32", "\"n_embd\": 48");
  CHECK_THAT(error_of(c.dir), Catch::Contains("tensor \"transformer.wte.weight\" has shape [554, 32]; expected [554, 48]"));
}

TEST_CASE("config.json: a missing size, an unknown model type, broken JSON", "[model]") {
  Copy c("bert-tiny");
  c.replace("config.json", "\"num_attention_heads\"", "\"num_attention_head\"");
  CHECK_THAT(error_of(c.dir), Catch::Contains("config.json: \"num_attention_heads\" is missing; expected the number of "
                                              "attention heads (a positive integer)"));
  c.replace("config.json", "\"bert\"", "\"t5\"");
  CHECK_THAT(error_of(c.dir), Catch::Contains("\"model_type\" is \"t5\"; supported: \"gpt2\""));
  c.write("config.json", "{\"model_type\": ");
  CHECK_THAT(error_of(c.dir), Catch::Contains("config.json: config.json is not valid JSON at byte"));
}

TEST_CASE("a truncated shard and an index naming a missing shard", "[model]") {
  Copy c("gpt2-tiny-sharded");
  const std::string shard = c.read("model-00002-of-00002.safetensors");
  c.write("model-00002-of-00002.safetensors", shard.substr(0, shard.size() - 100));
  CHECK_THAT(error_of(c.dir), Catch::Contains("model-00002-of-00002.safetensors: tensor") &&
                                  Catch::Contains("run past the end of the data buffer"));
  Copy d("gpt2-tiny-sharded");
  d.replace("model.safetensors.index.json", "\"model-00002-of-00002.safetensors\"",
            "\"model-00003-of-00003.safetensors\"");
  CHECK_THAT(error_of(d.dir), Catch::Contains("model.safetensors.index.json: names the shard "
                                              "\"model-00003-of-00003.safetensors\", which is not in"));
}

TEST_CASE("a folder without weights, and one that is not there", "[model]") {
  Copy c("bert-tiny");
  fs::remove(c.dir / "model.safetensors");
  CHECK_THAT(error_of(c.dir), Catch::Contains("has no model.safetensors or model.safetensors.index.json"));
  CHECK_THAT(error_of(c.dir / "nowhere"), Catch::Contains("nowhere: no such folder"));
  c.write("model.safetensors", "not a safetensors file at all");
  CHECK_THAT(error_of(c.dir), Catch::Contains("model.safetensors: header length"));
}

TEST_CASE("a tokenizer whose size is not the model's vocabulary", "[model]") {
  Copy c("bert-tiny");
  std::string vocab = c.read("vocab.txt");
  vocab.erase(vocab.rfind('\n', vocab.size() - 2) + 1);  // drop the last token
  c.write("vocab.txt", vocab);
  CHECK_THAT(error_of(c.dir), Catch::Contains("vocab.txt: has 230 tokens but config.json's vocab_size is 231"));
}

TEST_CASE("a text longer than the model's positions is refused, or cut with truncate", "[model]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += " the cat";  // 120 tokens in gpt2-tiny's vocabulary (Ġthe, Ġc, at), which has 64 positions
  CHECK_THAT(error_of(kHf / "gpt2-tiny", text),
             Catch::Contains("the text has 120 tokens but") &&
                 Catch::Contains("has 64 positions (n_positions in config.json); shorten it or pass --truncate"));
  mha::ModelRequest r;
  r.dir = kHf / "gpt2-tiny";
  r.text = text;
  r.truncate = true;
  const mha::Trace t = mha::run_model(r);
  CHECK(t.tokens.size() == 64);
  CHECK(t.model->truncated);
  r.dir = kHf / "bert-tiny";  // BERT keeps its final [SEP]
  const mha::Trace b = mha::run_model(r);
  REQUIRE(b.tokens.size() == 64);
  CHECK(b.tokens.back().text == "[SEP]");
}

TEST_CASE("blocks and heads outside the model, and a pair for GPT-2, are refused", "[model]") {
  mha::ModelRequest r;
  r.dir = kHf / "gpt2-tiny";
  r.text = "The cat";
  r.layers = {2};
  CHECK_THROWS_WITH(mha::run_model(r), "--layers names block 2; the model has 2 (0 to 1)");
  r.layers = {};
  r.heads = {4};
  CHECK_THROWS_WITH(mha::run_model(r), "--heads names head 4; the model has 4 (0 to 3)");
  r.heads = {};
  r.pair = "a second sentence";
  CHECK_THROWS_WITH(mha::run_model(r), "--pair is for BERT's sentence pairs; this is a GPT-2 model");
}
