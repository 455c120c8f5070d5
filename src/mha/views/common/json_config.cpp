#include "mha/views/common/detail/json_config.hpp"

#include <charconv>
#include <cmath>

namespace mha {

using nlohmann::json;

std::string json_number(float v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

nlohmann::ordered_json model_json(const ModelInfo& m) {
  nlohmann::ordered_json out = {{"type", m.type},
          {"source", m.source},
          {"dtype", m.dtype},
          {"layers", m.layers},
          {"heads", m.heads},
          {"d_model", m.d_model},
          {"d_ff", m.d_ff},
          {"vocab_size", m.vocab_size},
          {"max_positions", m.max_positions},
          {"layer_norm_eps", m.layer_norm_eps},
          {"captured_layers", m.captured_layers},
          {"captured_heads", m.captured_heads},
          {"token_types", m.token_types},
          {"truncated", m.truncated}};
  if (m.decoder) {  // written only for the Llama family, so GPT-2 and BERT traces keep their bytes
    const ModelInfo::Decoder& d = *m.decoder;
    out["kv_heads"] = d.kv_heads;
    out["head_dim"] = d.head_dim;
    out["rope_theta"] = d.rope_theta;
    out["rope_scaling"] = d.rope_scaling;
    out["sliding_windows"] = d.sliding_windows;
    out["tied_embeddings"] = d.tied_embeddings;
    out["qk_norm"] = d.qk_norm;
    out["torch_dtype"] = d.torch_dtype;
    out["output_bias"] = d.output_bias;
    out["rope_factor"] = d.rope_factor;
  }
  return out;
}

nlohmann::ordered_json prediction_json(const Prediction& p) {
  return {{"id", p.id}, {"token", p.token}, {"logit", p.logit}, {"probability", p.probability}};
}

nlohmann::ordered_json head_stats_json(const HeadStats& s) {
  nlohmann::ordered_json out = {{"layer", s.layer},
                                {"head", s.head},
                                {"role", s.role},
                                {"entropy", s.entropy},
                                {"max_entropy", s.max_entropy},
                                {"previous", s.previous},
                                {"self", s.self},
                                {"first", s.first},
                                {"separator", s.separator},
                                {"duplicate", s.duplicate},
                                {"duplicate_rows", s.duplicate_rows},
                                {"punctuation", s.punctuation}};
  if (s.induction) out["induction"] = *s.induction;  // --probe induction only
  out["top_key"] = s.top_key;
  return out;
}

std::string json_one_line(const nlohmann::ordered_json& v) {
  if (v.is_object()) {
    std::string out = "{";
    for (const auto& [key, value] : v.items()) {
      if (out.size() > 1) out += ", ";
      out += nlohmann::json(key).dump() + ": " + json_one_line(value);
    }
    return out + "}";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (const auto& e : v) {
      if (out.size() > 1) out += ',';
      out += json_one_line(e);
    }
    return out + "]";
  }
  if (v.is_number_float()) return json_number(static_cast<float>(v.get<double>()));
  return v.dump();
}

nlohmann::json config_json(const Trace& trace) {
  const Config& cfg = trace.config;
  nlohmann::json out = {{"d_model", cfg.d_model},
          {"heads", cfg.heads},
        {"d_k", cfg.d_k},
        {"d_v", cfg.d_v},
        {"kdim", cfg.kdim},
        {"vdim", cfg.vdim},
        {"bias", cfg.bias},
        {"seed", cfg.seed},
        {"tokenizer", std::string(to_string(cfg.tokenizer))},
        {"positional", std::string(to_string(cfg.positional))},
        {"causal", cfg.causal},
        {"pad_token", cfg.pad_token.empty() ? json(nullptr) : json(cfg.pad_token)},
        {"weights", trace.weights_source},
        {"embeddings", trace.embeddings_source},
        {"oov", trace.oov_policy.empty() ? json(nullptr) : json(trace.oov_policy)}};
  // Written only when used, so that the traces of plain runs keep their bytes.
  if (cfg.kv_heads > 0 && cfg.kv_heads != cfg.heads) out["kv_heads"] = cfg.kv_heads;
  if (cfg.positional == Positional::rope) out["rope_theta"] = cfg.rope_theta;
  return out;
}

}  // namespace mha
