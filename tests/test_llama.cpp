// The Llama family (Llama, Mistral, Qwen2, Qwen3) against tests/data/hf's
// tiny random checkpoints, whose expectations tests/reference/
// make_llama_cases.py computed with a torch float64 forward written from the
// equations (RMSNorm, rotate_half RoPE, grouped-query heads, sliding window,
// SwiGLU, q/k norm), on token ids from Hugging Face's tokenizers (the npm
// peers). Each case's text goes through the folder's tokenizer.json, whose
// ids must be the peer's exactly; then our float32 pass must agree with
// every attention weight, hidden state and logit to 1e-4.
#include <catch2/catch.hpp>

#include <filesystem>

#include "hf_reference.hpp"
#include "mha/core/error.hpp"
#include "mha/model/model.hpp"
#include "mha/model/model_config.hpp"

namespace {
const std::filesystem::path kHf = std::filesystem::path(MHA_SOURCE_DIR) / "tests/data/hf";
constexpr float kTolerance = 1e-4f;
const char* const kFolders[] = {"llama-tiny", "qwen2-tiny-bf16", "qwen3-tiny-sharded", "mistral-tiny-f16"};
}  // namespace

TEST_CASE("Llama, Qwen2, Qwen3 and Mistral checkpoints agree with the torch reference to 1e-4", "[llama]") {
  for (const char* folder : kFolders) {
    const float worst = hf_reference::check_folder(kHf / folder);
    INFO(folder << ": max |delta| = " << worst);
    CHECK(worst <= kTolerance);
    WARN(folder << ": max |delta| = " << worst);
  }
}

TEST_CASE("config.json of the Llama family: heads, key/value heads, head_dim, windows, rope_scaling", "[llama]") {
  const mha::ModelConfig llama = mha::read_model_config(kHf / "llama-tiny");
  CHECK(llama.type == mha::ModelType::llama);
  CHECK(llama.kv_heads == 2);  // 4 query heads share 2 key/value heads: query head i reads i / 2
  CHECK(llama.d_k() == 8);     // 32 / 4
  CHECK(llama.rope_scaling.type == mha::RopeScaling::Type::llama3);
  CHECK_FALSE(llama.tie_word_embeddings);
  const mha::ModelConfig qwen3 = mha::read_model_config(kHf / "qwen3-tiny-sharded");
  CHECK(qwen3.d_k() == 16);  // head_dim given: 4 × 16 = 64 ≠ hidden 32
  const mha::ModelConfig mistral = mha::read_model_config(kHf / "mistral-tiny-f16");
  CHECK(mistral.windows == std::vector<int>{4, 4});  // Mistral's sliding_window holds in every block
  CHECK(mistral.key_value_heads() == 1);            // multi-query attention
  const mha::ModelConfig qwen2 = mha::read_model_config(kHf / "qwen2-tiny-bf16");
  CHECK(qwen2.windows == std::vector<int>{0, 0});  // use_sliding_window false: full attention
  CHECK(qwen2.qkv_bias);
  CHECK_FALSE(qwen2.o_bias);
}

TEST_CASE("config.json errors of the Llama family name the key and what is supported", "[llama]") {
  const auto message = [](const std::string& json) {
    try {
      mha::parse_model_config(json, "config.json");
    } catch (const mha::Error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  const std::string base =
      R"("hidden_size": 32, "num_hidden_layers": 2, "intermediate_size": 64, "max_position_embeddings": 64, "vocab_size": 10)";
  CHECK(message(R"({"model_type": "llama", "num_attention_heads": 4, "num_key_value_heads": 3, )" + base + "}") ==
        "config.json: \"num_attention_heads\" 4 is not a multiple of \"num_key_value_heads\" 3; expected each "
        "key/value head shared by the same number of query heads");
  CHECK(message(R"({"model_type": "llama", "num_attention_heads": 4, "rope_scaling": {"rope_type": "yarn", "factor": 4}, )" +
                base + "}") ==
        "config.json: \"rope_scaling\" has type \"yarn\"; supported: null, \"default\", \"linear\" and \"llama3\"");
  CHECK(message(R"({"model_type": "gemma"})") ==
        "config.json: \"model_type\" is \"gemma\"; supported: \"gpt2\" (GPT-2 family), \"bert\", \"llama\", "
        "\"mistral\", \"qwen2\" and \"qwen3\"");
}

TEST_CASE("the Llama family records its own steps: rms_norm, qk_norm (Qwen3), rope, the window in the mask", "[llama]") {
  mha::ModelRequest request;
  request.dir = kHf / "qwen3-tiny-sharded";
  request.ids = {1, 2, 3, 4, 5, 6};
  request.steps = mha::steps_from_list("rms_norm,qk_norm,rope,mask,softmax,mlp");
  const mha::Trace trace = mha::run_model(request);
  const mha::Step* norm = trace.find(mha::StepName::qk_norm, 3, "K_norm_3", 0);
  REQUIRE(norm != nullptr);
  CHECK(norm->formula == "K_norm_3 = RMSNorm(K_3)·γ_k");
  // Each row of RMSNorm(K_j)·γ_k, divided by γ_k, has a root mean square of 1.
  CHECK(trace.find(mha::StepName::rope, 0, "Q_rot_0", 1)->formula.find("rope(Q_norm_0)") != std::string::npos);
  CHECK(trace.find(mha::StepName::rms_norm, std::nullopt, "a", 0)->formula == "a = RMSNorm₁(h)");
  CHECK(trace.model->decoder->kv_heads == 2);
  CHECK(trace.model->decoder->qk_norm);

  request.dir = kHf / "mistral-tiny-f16";
  const mha::Trace mistral = mha::run_model(request);
  const mha::Step* masked = mistral.find(mha::StepName::mask, 0, {}, 0);
  REQUIRE(masked != nullptr);
  CHECK(masked->formula == "Ŝ_0 + M, M[q, k] = −∞ where k > q or q − k ≥ 4 (sliding window)");
  const mha::Step* A = mistral.find(mha::StepName::softmax, 0, {}, 0);
  CHECK(A->tensor.value(5, 1) == 0.0f);  // query 5 sees keys 2..5 only: 5 − 1 = 4 ≥ w
  CHECK(A->tensor.value(5, 2) > 0.0f);
}
