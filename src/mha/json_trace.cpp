#include "mha/json_trace.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "mha/json_config.hpp"
#include "mha/version.hpp"

namespace mha {

std::string json_number(float v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

namespace {

using nlohmann::json;

std::string str(const std::string& s) { return json(s).dump(); }

void labels(std::string& out, const Labels& l) {
  out += '[';
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (i) out += ", ";
    out += str(l[i]);
  }
  out += ']';
}

// "shape", "rows", "cols", "values": one matrix row per line.
void tensor(std::string& out, const LabelledMatrix& t, const char* indent) {
  const Matrix& m = t.value;
  out += "\"shape\": [" + std::to_string(m.rows()) + ", " + std::to_string(m.cols()) + "],\n";
  out += indent;
  out += "\"rows\": ";
  labels(out, t.row_labels);
  out += ",\n";
  out += indent;
  out += "\"cols\": ";
  labels(out, t.col_labels);
  out += ",\n";
  out += indent;
  out += "\"values\": [";
  for (Index r = 0; r < m.rows(); ++r) {
    out += r ? ",\n" : "\n";
    out += indent;
    out += "  [";
    for (Index c = 0; c < m.cols(); ++c) {
      if (c) out += ", ";
      out += json_number(m(r, c));
    }
    out += ']';
  }
  out += "]";
}

json steps_kept(const StepFilter& steps) {
  if (steps.only.empty()) return nullptr;
  json names = json::array();
  for (StepName s : steps.only) names.push_back(std::string(to_string(s)));
  return names;
}

void token_list(std::string& out, const char* key, const std::vector<Token>& tokens) {
  out += "  \"" + std::string(key) + "\": [";
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    out += i ? ",\n    " : "\n    ";
    json j{{"index", i}, {"text", t.text}, {"byte_begin", t.byte_begin}, {"byte_end", t.byte_end}};
    if (t.id >= 0) j["id"] = t.id;  // vocabulary tokenizers only
    if (!t.label.empty() && t.label != t.text) j["label"] = t.label;
    if (t.partial) j["partial"] = true;
    out += j.dump();
  }
  out += "],\n";
}

}  // namespace

nlohmann::json config_json(const Trace& trace) {
  const Config& cfg = trace.config;
  return {{"d_model", cfg.d_model},
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
}

std::string trace_to_json(const Trace& trace, const StepFilter& steps) {
  json header = {
      {"schema_version", kTraceSchemaVersion},
      {"tool", {{"name", "mha-explain"}, {"version", kVersion}}},
      {"config", config_json(trace)},
      {"text", trace.text},
      {"context_text", trace.context_text ? json(*trace.context_text) : json(nullptr)},
      {"key_padding", trace.key_padding},
      {"fully_masked_rows", trace.fully_masked_rows},
      {"steps_kept", steps_kept(steps)},
      {"oov_tokens", trace.oov_tokens},
      {"oov_context_tokens", trace.oov_context_tokens},
      {"notes", trace.notes},
  };
  std::string out = "{\n";
  for (auto it = header.begin(); it != header.end(); ++it)
    out += "  " + str(it.key()) + ": " + it.value().dump() + ",\n";

  token_list(out, "tokens", trace.tokens);
  if (trace.cross()) token_list(out, "context_tokens", trace.context_tokens);

  out += "  \"parameters\": [";
  for (std::size_t i = 0; i < trace.parameters.size(); ++i) {
    const Parameter& p = trace.parameters[i];
    out += i ? ",\n" : "\n";
    out += "    {\"name\": " + str(p.name) + ",\n     ";
    tensor(out, p.tensor, "     ");
    out += "}";
  }
  out += "],\n";

  out += "  \"steps\": [";
  bool first = true;
  for (const Step& s : trace.steps) {
    if (!steps.keeps(s.name)) continue;
    out += first ? "\n" : ",\n";
    first = false;
    out += "    {\"step\": " + str(std::string(to_string(s.name))) +
           ", \"head\": " + (s.head ? std::to_string(*s.head) : "null") + ", \"symbol\": " + str(s.symbol) +
           ", \"formula\": " + str(s.formula) + ",\n     ";
    tensor(out, s.tensor, "     ");
    out += "}";
  }
  out += "]\n}\n";
  return out;
}

}  // namespace mha
