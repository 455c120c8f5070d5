#include "mha/model/model_config.hpp"

#include <cmath>

#include "mha/core/error.hpp"
#include "mha/io/detail/io_detail.hpp"
#include "mha/io/detail/json_document.hpp"

namespace mha {

std::string_view to_string(ModelType t) { return t == ModelType::gpt2 ? "gpt2" : "bert"; }

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

  float number(const char* key, float fallback) const {
    if (!has(key)) return fallback;
    const Json& v = doc_[key];
    if (!v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>()))
      fail(std::string("\"") + key + "\" is " + v.dump() + "; expected a positive number");
    return static_cast<float>(v.get<double>());
  }

  std::string text(const char* key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    const Json& v = doc_[key];
    if (!v.is_string()) fail(std::string("\"") + key + "\" is " + v.dump() + "; expected a string");
    return v.get<std::string>();
  }

  [[noreturn]] void fail(const std::string& what) const { io::detail::fail(source_, what); }

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
  } else {
    r.fail(type.empty() ? std::string("\"model_type\" is missing; expected \"gpt2\" or \"bert\"")
                        : "\"model_type\" is \"" + type + "\"; supported: \"gpt2\" (GPT-2 family) and \"bert\"");
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
