// Llama-family folders broken on purpose (copies of tests/data/hf's tiny
// checkpoints): each is refused in one line naming the file, the place and
// what was expected, before any output exists.
#include <catch2/catch.hpp>

#include <string>

#include "mha/core/error.hpp"
#include "mha/model/model.hpp"
#include "model_copy.hpp"

using model_copy::Copy;
using model_copy::error_of;
using Catch::Contains;

TEST_CASE("Llama family: a missing or mis-shaped tensor is named with its expected shape and meaning", "[llama_errors]") {
  Copy c("llama-tiny");  // F32: 4 query heads, 2 key/value heads of 8, hidden 32
  c.edit_weights([](auto& t) { std::erase_if(t, [](const auto& x) { return x.name == "model.layers.1.self_attn.k_proj.weight"; }); });
  CHECK_THAT(error_of(c.dir), Contains("tensor \"layers.1.self_attn.k_proj.weight\" is missing; expected shape [16, 32] = "
                                       "[kv_heads·head_dim, hidden_size]"));
  Copy d("llama-tiny");
  d.edit_weights([](auto& t) {  // a v_proj as wide as the queries: a checkpoint of another config
    for (auto& x : t)
      if (x.name == "model.layers.0.self_attn.v_proj.weight") {
        x.shape = {32, 32};
        x.data.resize(32 * 32);
      }
  });
  CHECK_THAT(error_of(d.dir), Contains("tensor \"model.layers.0.self_attn.v_proj.weight\" has shape [32, 32]; expected [16, 32]"));
}

TEST_CASE("Llama family: query heads that do not share key/value heads evenly are refused", "[llama_errors]") {
  Copy c("qwen2-tiny-bf16");
  c.replace("config.json", "\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3");
  CHECK_THAT(error_of(c.dir), Contains("config.json: \"num_attention_heads\" 4 is not a multiple of \"num_key_value_heads\" 3"));
}

TEST_CASE("Llama family: tokenizer.json missing, truncated, not BPE, with a broken regex, or past vocab_size", "[llama_errors]") {
  {
    Copy c("qwen2-tiny-bf16");
    std::filesystem::remove(c.dir / "tokenizer.json");
    CHECK_THAT(error_of(c.dir), Contains("tokenizer.json: no such file; expected the model's tokenizer"));
  }
  {
    Copy c("qwen2-tiny-bf16");
    c.write("tokenizer.json", c.read("tokenizer.json").substr(0, 3000));
    CHECK_THAT(error_of(c.dir), Contains("tokenizer.json: not valid JSON at byte 3000"));
  }
  {
    Copy c("qwen2-tiny-bf16");
    c.replace("tokenizer.json", "\"type\": \"BPE\"", "\"type\": \"Unigram\"");
    CHECK_THAT(error_of(c.dir), Contains("model.type: model type Unigram is not supported; supported: BPE"));
  }
  {
    Copy c("qwen2-tiny-bf16");
    c.replace("tokenizer.json", "(?i:'s|", "(?i:'s|(");  // an unclosed group: PCRE2 cannot compile it
    CHECK_THAT(error_of(c.dir), Contains("tokenizer.json: pre_tokenizer.pretokenizers[0].pattern.Regex"));
  }
  {
    Copy c("qwen2-tiny-bf16");  // the tokenizer's 423 ids do not fit a 400-row embedding table
    c.replace("config.json", "\"vocab_size\": 640", "\"vocab_size\": 400");
    c.edit_weights([](auto& t) {
      for (auto& x : t)
        if (x.name == "model.embed_tokens.weight") {
          x.shape[0] = 400;
          x.data.resize(400 * 32);
        }
    });
    CHECK_THAT(error_of(c.dir), Contains("tokenizer.json: has ids up to 422 but config.json's vocab_size is 400"));
  }
}

TEST_CASE("Llama family: a text past max_position_embeddings is refused, or cut with --truncate; --pair is BERT's",
          "[llama_errors]") {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "我喜欢吃芝士薯条。";  // 16 tokens each with the tiny Qwen2 tokenizer: 160 > 64
  CHECK_THAT(error_of(model_copy::kHf / "qwen2-tiny-bf16", text),
             Contains("the text has 160 tokens but") && Contains("has 64 positions (max_position_embeddings in config.json)"));
  mha::ModelRequest r;
  r.dir = model_copy::kHf / "qwen2-tiny-bf16";
  r.text = text;
  r.truncate = true;
  const mha::Trace t = mha::run_model(r);
  CHECK(t.tokens.size() == 64);  // the first 64 positions
  CHECK(t.model->truncated);
  r.truncate = false;
  r.text = "我";
  r.pair = "你";
  CHECK_THROWS_WITH(mha::run_model(r), "--pair is for BERT's sentence pairs; this is a qwen2 model");
}
