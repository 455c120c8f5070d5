#pragma once
// config.json of a HuggingFace checkpoint: the architecture and its sizes.
//
//   GPT-2 (model_type "gpt2"): n_embd, n_head, n_layer, n_positions (or
//     n_ctx), vocab_size, layer_norm_epsilon (1e-5), n_inner (null: 4·n_embd),
//     activation_function ("gelu_new").
//   BERT (model_type "bert"): hidden_size, num_attention_heads,
//     num_hidden_layers, intermediate_size, max_position_embeddings,
//     type_vocab_size, vocab_size, layer_norm_eps (1e-12), hidden_act
//     ("gelu"), position_embedding_type ("absolute", the only one supported).
//
// Keys not listed are ignored. A missing size, a value of the wrong kind, a
// width not divisible by the heads: FormatError "<file>: "<key>" ...".
#include <filesystem>
#include <string>
#include <string_view>

namespace mha {

enum class ModelType { gpt2, bert };
std::string_view to_string(ModelType t);  // "gpt2", "bert"

// The feed-forward's non-linearity, as HF names them.
enum class Activation {
  gelu_tanh,  // "gelu_new", "gelu_pytorch_tanh", "gelu_fast": 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))
  gelu_erf,   // "gelu": 0.5x(1 + erf(x/√2))
  relu,       // "relu"
};
std::string_view to_string(Activation a);

struct ModelConfig {
  ModelType type = ModelType::gpt2;
  int layers = 0, heads = 0, d_model = 0, d_ff = 0;
  int vocab_size = 0, max_positions = 0, type_vocab_size = 0;  // type_vocab_size: BERT only
  float layer_norm_eps = 1e-5f;
  Activation activation = Activation::gelu_tanh;
  bool lower_case = true;  // BERT's tokenizer: tokenizer_config.json "do_lower_case" (default true)

  int d_k() const { return d_model / heads; }
};

ModelConfig parse_model_config(std::string_view json, const std::string& source);
// dir/config.json, plus dir/tokenizer_config.json's do_lower_case when present.
ModelConfig read_model_config(const std::filesystem::path& dir);

}  // namespace mha
