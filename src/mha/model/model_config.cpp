#include "mha/model/model_config.hpp"

#include <cmath>

#include "mha/core/error.hpp"
#include "mha/io/detail/io_detail.hpp"
#include "mha/io/detail/json_document.hpp"

namespace mha {

std::string_view to_string(ModelType t) {
  switch (t) {
    case ModelType::gpt2: return "gpt2";
    case ModelType::bert: return "bert";
    case ModelType::llama: return "llama";
    case ModelType::mistral: return "mistral";
    case ModelType::qwen2: return "qwen2";
    case ModelType::qwen3: return "qwen3";
  }
  return "?";
}

std::string_view to_string(RopeScaling::Type t) {
  return t == RopeScaling::Type::none ? "none" : t == RopeScaling::Type::linear ? "linear" : "llama3";
}

std::string_view to_string(Activation a) {
  switch (a) {
    case Activation::gelu_tanh: return "gelu_new";
    case Activation::gelu_erf: return "gelu";
    case Activation::relu: return "relu";
  }
  return "?";
}

namespace {

using io::detail::Json;

// Upper bounds that keep every product inside int64 and memory sane; real
// checkpoints are far below them (GPT-2 XL: 1600 wide, 48 layers).
constexpr int kMostWidth = 65536, kMostLayers = 1024, kMostVocab = 4'000'000, kMostPositions = 1 << 20;

class Reader {
 public:
  Reader(const Json& doc, const std::string& source) : doc_(doc), source_(source) {}

  bool has(const char* key) const { return doc_.contains(key) && !doc_[key].is_null(); }
  const Json& operator[](const char* key) const { return doc_[key]; }

  bool flag(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!doc_[key].is_boolean()) fail(std::string("\"") + key + "\" is " + doc_[key].dump() + "; expected true or false");
    return doc_[key].get<bool>();
  }

  int size(const char* key, const char* meaning, int most, std::optional<int> fallback = std::nullopt) const {
    if (!has(key)) {
      if (fallback) return *fallback;
      fail(std::string("\"") + key + "\" is missing; expected " + meaning + " (a positive integer)");
    }
    const Json& v = doc_[key];
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > most)
      fail(std::string("\"") + key + "\" is " + v.dump() + "; expected " + meaning + ", an integer from 1 to " +
           std::to_string(most));
    return static_cast<int>(v.get<std::int64_t>());
  }

  float number(const char* key, float fallback) const { return static_cast<float>(real(key, fallback)); }

  double real(const char* key, double fallback) const {
    if (!has(key)) return fallback;
    const Json& v = doc_[key];
    if (!v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>()))
      fail(std::string("\"") + key + "\" is " + v.dump() + "; expected a positive number");
    return v.get<double>();
  }

  std::string text(const char* key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    const Json& v = doc_[key];
    if (!v.is_string()) fail(std::string("\"") + key + "\" is " + v.dump() + "; expected a string");
    return v.get<std::string>();
  }

  [[noreturn]] void fail(const std::string& what) const { io::detail::fail(source_, what); }
  const std::string& source() const { return source_; }

 private:
  const Json& doc_;
  const std::string& source_;
};

Activation activation_from(const Reader& r, const char* key, const std::string& fallback) {
  const std::string name = r.text(key, fallback);
  if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast") return Activation::gelu_tanh;
  if (name == "gelu") return Activation::gelu_erf;
  if (name == "relu") return Activation::relu;
  r.fail(std::string("\"") + key + "\" is \"" + name + "\"; expected gelu_new, gelu_pytorch_tanh, gelu or relu");
}

constexpr const char* kSupportedTypes =
    "\"gpt2\" (GPT-2 family), \"bert\", \"llama\", \"mistral\", \"qwen2\" and \"qwen3\"";

RopeScaling rope_scaling_from(const Reader& r) {
  RopeScaling s;
  if (!r.has("rope_scaling")) return s;
  const Json& v = r["rope_scaling"];
  if (!v.is_object()) r.fail("\"rope_scaling\" is " + v.dump() + "; expected null or an object with \"rope_type\"");
  const Reader scaling(v, r.source());
  const std::string type = scaling.has("rope_type") ? scaling.text("rope_type", "") : scaling.text("type", "default");
  if (type == "default") return s;
  if (type == "linear") {
    s.type = RopeScaling::Type::linear;
  } else if (type == "llama3") {
    s.type = RopeScaling::Type::llama3;
    s.low_freq_factor = scaling.real("low_freq_factor", 1.0);
    s.high_freq_factor = scaling.real("high_freq_factor", 4.0);
    s.original_max_positions = scaling.size("original_max_position_embeddings",
                                            "the context length the model was trained for", kMostPositions, 8192);
    if (!(s.high_freq_factor > s.low_freq_factor))
      r.fail("\"rope_scaling\": high_freq_factor " + v["high_freq_factor"].dump() +
             " is not above low_freq_factor; expected low < high (Llama 3.1: 1 and 4)");
  } else {
    r.fail("\"rope_scaling\" has type \"" + type + "\"; supported: null, \"default\", \"linear\" and \"llama3\"");
  }
  s.factor = scaling.real("factor", 1.0);
  return s;
}

// Per block, its sliding window (0: full attention). Mistral: sliding_window
// for every block; Qwen2/3: only with use_sliding_window, for the blocks from
// max_window_layers on; layer_types, when given, says it block by block.
std::vector<int> windows_from(const Reader& r, const ModelConfig& c) {
  std::vector<int> w(static_cast<std::size_t>(c.layers), 0);
  if (c.type == ModelType::llama || !r.has("sliding_window")) return w;
  const int window = r.size("sliding_window", "the sliding window in tokens", kMostPositions);
  if (r.has("layer_types")) {
    const Json& types = r["layer_types"];
    if (!types.is_array() || types.size() != w.size())
      r.fail("\"layer_types\" is " + types.dump().substr(0, 80) + "; expected one entry per block (" +
             std::to_string(c.layers) + ")");
    for (std::size_t l = 0; l < w.size(); ++l) {
      const Json& t = types[l];
      if (t == "sliding_attention") w[l] = window;
      else if (t != "full_attention")
        r.fail("\"layer_types\"[" + std::to_string(l) + "] is " + t.dump() +
               "; expected \"full_attention\" or \"sliding_attention\"");
    }
    return w;
  }
  if (c.type == ModelType::mistral) return std::vector<int>(w.size(), window);
  if (!r.flag("use_sliding_window", false)) return w;
  const int from = r.has("max_window_layers") ? r.size("max_window_layers", "the first block with a sliding window",
                                                       kMostLayers) : c.layers;
  for (int l = from; l < c.layers; ++l) w[static_cast<std::size_t>(l)] = window;
  return w;
}

void parse_llama_family(const Reader& r, ModelConfig& c) {
  c.d_model = r.size("hidden_size", "the width of the token vectors", kMostWidth);
  c.heads = r.size("num_attention_heads", "the number of query heads", kMostWidth);
  c.kv_heads = r.size("num_key_value_heads", "the number of key/value heads", kMostWidth, c.heads);
  if (c.heads % c.kv_heads != 0)
    r.fail("\"num_attention_heads\" " + std::to_string(c.heads) + " is not a multiple of \"num_key_value_heads\" " +
           std::to_string(c.kv_heads) + "; expected each key/value head shared by the same number of query heads");
  c.head_dim = r.size("head_dim", "each head's width d_k", kMostWidth, c.d_model % c.heads == 0 ? c.d_model / c.heads : 0);
  if (c.head_dim == 0)
    r.fail("the width " + std::to_string(c.d_model) + " is not divisible by the " + std::to_string(c.heads) +
           " heads and \"head_dim\" is missing; expected head_dim or d_model = heads · d_k");
  if (c.head_dim % 2 != 0)
    r.fail("\"head_dim\" is " + std::to_string(c.head_dim) + "; expected an even number (RoPE turns pairs of features)");
  c.layers = r.size("num_hidden_layers", "the number of blocks", kMostLayers);
  c.d_ff = r.size("intermediate_size", "the MLP's inner width", kMostWidth);
  c.max_positions = r.size("max_position_embeddings", "the number of positions", kMostPositions);
  c.vocab_size = r.size("vocab_size", "the vocabulary's size", kMostVocab);
  c.layer_norm_eps = r.number("rms_norm_eps", 1e-6f);
  c.rope_theta = r.real("rope_theta", 10000.0);
  c.rope_scaling = rope_scaling_from(r);
  c.tie_word_embeddings = r.flag("tie_word_embeddings", false);
  const bool attention_bias = r.flag("attention_bias", false);
  c.qkv_bias = c.type == ModelType::qwen2 || (c.type != ModelType::mistral && attention_bias);
  c.o_bias = (c.type == ModelType::llama || c.type == ModelType::qwen3) && attention_bias;
  c.mlp_bias = c.type == ModelType::llama && r.flag("mlp_bias", false);
  const std::string act = r.text("hidden_act", "silu");
  if (act != "silu")
    r.fail("\"hidden_act\" is \"" + act + "\"; expected \"silu\" (the SwiGLU feed-forward of " +
           std::string(to_string(c.type)) + ")");
  c.windows = windows_from(r, c);
  c.torch_dtype = r.text("torch_dtype", r.text("dtype", ""));
}

}  // namespace

ModelConfig parse_model_config(std::string_view json, const std::string& source) {
  const Json doc = io::detail::parse_json_object(json, source, "config.json", 0);
  const Reader r(doc, source);
  const std::string type = r.text("model_type", "");
  ModelConfig c;
  if (type == "gpt2") {
    c.type = ModelType::gpt2;
    c.d_model = r.size("n_embd", "the width of the token vectors", kMostWidth);
    c.heads = r.size("n_head", "the number of attention heads", kMostWidth);
    c.layers = r.size("n_layer", "the number of blocks", kMostLayers);
    c.max_positions = r.has("n_positions") ? r.size("n_positions", "the number of positions", kMostPositions)
                                           : r.size("n_ctx", "the number of positions", kMostPositions);
    c.vocab_size = r.size("vocab_size", "the vocabulary's size", kMostVocab);
    c.d_ff = r.size("n_inner", "the MLP's inner width", kMostWidth, 4 * c.d_model);
    c.layer_norm_eps = r.number("layer_norm_epsilon", 1e-5f);
    c.activation = activation_from(r, "activation_function", "gelu_new");
  } else if (type == "bert") {
    c.type = ModelType::bert;
    c.d_model = r.size("hidden_size", "the width of the token vectors", kMostWidth);
    c.heads = r.size("num_attention_heads", "the number of attention heads", kMostWidth);
    c.layers = r.size("num_hidden_layers", "the number of blocks", kMostLayers);
    c.max_positions = r.size("max_position_embeddings", "the number of positions", kMostPositions);
    c.vocab_size = r.size("vocab_size", "the vocabulary's size", kMostVocab);
    c.d_ff = r.size("intermediate_size", "the MLP's inner width", kMostWidth);
    c.type_vocab_size = r.size("type_vocab_size", "the number of token types", 1024, 2);
    c.layer_norm_eps = r.number("layer_norm_eps", 1e-12f);
    c.activation = activation_from(r, "hidden_act", "gelu");
    const std::string position = r.text("position_embedding_type", "absolute");
    if (position != "absolute")
      r.fail("\"position_embedding_type\" is \"" + position + "\"; only \"absolute\" is supported");
  } else if (type == "llama" || type == "mistral" || type == "qwen2" || type == "qwen3") {
    c.type = type == "llama"     ? ModelType::llama
             : type == "mistral" ? ModelType::mistral
             : type == "qwen2"   ? ModelType::qwen2
                                 : ModelType::qwen3;
    parse_llama_family(r, c);
    return c;
  } else {
    r.fail(type.empty() ? std::string("\"model_type\" is missing; expected one of ") + kSupportedTypes
                        : "\"model_type\" is \"" + type + "\"; supported: " + kSupportedTypes);
  }
  if (c.d_model % c.heads != 0)
    r.fail("the width " + std::to_string(c.d_model) + " is not divisible by the " + std::to_string(c.heads) +
           " heads; expected d_model = heads · d_k");
  return c;
}

ModelConfig read_model_config(const std::filesystem::path& dir) {
  const auto file = dir / "config.json";
  ModelConfig c = parse_model_config(io::detail::read_file(file), file.string());
  const auto tokenizer_config = dir / "tokenizer_config.json";
  std::error_code ec;
  if (c.type == ModelType::bert && std::filesystem::exists(tokenizer_config, ec)) {
    const Json doc = io::detail::parse_json_object(io::detail::read_file(tokenizer_config), tokenizer_config.string(),
                                                   "tokenizer_config.json", 0);
    if (doc.contains("do_lower_case")) {
      if (!doc["do_lower_case"].is_boolean())
        io::detail::fail(tokenizer_config.string(), "\"do_lower_case\" is " + doc["do_lower_case"].dump() +
                                                        "; expected true or false");
      c.lower_case = doc["do_lower_case"].get<bool>();
    }
  }
  return c;
}

}  // namespace mha
