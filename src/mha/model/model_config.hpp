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
//   Llama, Mistral, Qwen2, Qwen3 (model_type "llama", "mistral", "qwen2",
//     "qwen3"; the decoders of today, model/llama.cpp): hidden_size,
//     num_hidden_layers, num_attention_heads, num_key_value_heads (default:
//     the heads), head_dim (default hidden_size / heads; Qwen3 sets it),
//     intermediate_size, rms_norm_eps (1e-6), rope_theta (10000),
//     rope_scaling (null, "default", "linear" or "llama3"),
//     max_position_embeddings, vocab_size, tie_word_embeddings (false),
//     attention_bias (false; Qwen2's q/k/v always have biases), mlp_bias
//     (false), hidden_act ("silu"), sliding_window with use_sliding_window
//     and max_window_layers (Qwen2/3) or alone (Mistral), layer_types,
//     torch_dtype (recorded).
// Keys not listed are ignored. A missing size, a value of the wrong kind, a
// width not divisible by the heads: FormatError "<file>: "<key>" ...".
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mha {

enum class ModelType { gpt2, bert, llama, mistral, qwen2, qwen3 };
std::string_view to_string(ModelType t);  // "gpt2", "bert", "llama", "mistral", "qwen2", "qwen3"
// Llama, Mistral, Qwen2, Qwen3: RMSNorm, RoPE, grouped-query attention, SwiGLU.
inline bool is_llama_family(ModelType t) { return t != ModelType::gpt2 && t != ModelType::bert; }

// config.json's rope_scaling: how the rotary frequencies are changed for
// longer contexts. none: ω_j = θ^(−2j/d_k); linear: ω_j / factor; llama3:
// low frequencies divided by factor, high ones kept, a smooth ramp between
// (Llama 3.1's low_freq_factor, high_freq_factor, original_max_position_embeddings).
struct RopeScaling {
  enum class Type { none, linear, llama3 } type = Type::none;
  double factor = 1.0, low_freq_factor = 1.0, high_freq_factor = 4.0;
  int original_max_positions = 8192;
};
std::string_view to_string(RopeScaling::Type t);  // "none", "linear", "llama3"

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
  // The Llama family:
  int kv_heads = 0;           // num_key_value_heads h_kv (h_kv divides heads); 0 elsewhere: every head its own
  int head_dim = 0;           // d_k = d_v when config.json gives head_dim; 0: d_model / heads
  double rope_theta = 10000;  // RoPE's base θ
  RopeScaling rope_scaling;
  bool tie_word_embeddings = false;  // the output layer is embed_tokens itself (no lm_head.weight)
  bool qkv_bias = false, o_bias = false, mlp_bias = false;
  std::vector<int> windows;   // per block: its sliding window w, 0 for full attention
  std::string torch_dtype;    // as config.json says ("bfloat16"), "" when absent

  int d_k() const { return head_dim > 0 ? head_dim : d_model / heads; }
  int key_value_heads() const { return kv_heads > 0 ? kv_heads : heads; }
};

ModelConfig parse_model_config(std::string_view json, const std::string& source);
// dir/config.json, plus dir/tokenizer_config.json's do_lower_case when present.
ModelConfig read_model_config(const std::filesystem::path& dir);

}  // namespace mha
