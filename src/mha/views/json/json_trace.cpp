#include "mha/views/json/json_trace.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "mha/views/common/detail/json_config.hpp"
#include "mha/core/version.hpp"

namespace mha {

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

// A top-level array of one-line objects: "key": [\n    {...},\n    {...}],
void object_list(std::string& out, const char* key, const std::vector<std::string>& lines) {
  out += "  \"" + std::string(key) + "\": [";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += i ? ",\n    " : "\n    ";
    out += lines[i];
  }
  out += "],\n";
}

void token_list(std::string& out, const char* key, const std::vector<Token>& tokens) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    json j{{"index", i}, {"text", t.text}, {"byte_begin", t.byte_begin}, {"byte_end", t.byte_end}};
    if (t.id >= 0) j["id"] = t.id;  // vocabulary tokenizers only
    if (!t.label.empty() && t.label != t.text) j["label"] = t.label;
    if (t.partial) j["partial"] = true;
    lines.push_back(j.dump());
  }
  object_list(out, key, lines);
}

// Schema 3: what a --model run adds at the top level (docs/trace.md, "Model traces").
void model_fields(std::string& out, const Trace& trace) {
  out += "  \"model\": " + json_one_line(model_json(*trace.model)) + ",\n";
  std::vector<std::string> lines;
  for (const Prediction& p : trace.predictions) lines.push_back(json_one_line(prediction_json(p)));
  object_list(out, "predictions", lines);
  lines.clear();
  for (const HeadStats& h : trace.head_stats) lines.push_back(json_one_line(head_stats_json(h)));
  object_list(out, "head_stats", lines);
  if (const auto& p = trace.induction_probe)  // --probe induction only, so other traces keep their bytes
    out += "  \"induction_probe\": " +
           json_one_line(nlohmann::ordered_json{{"length", p->length}, {"seed", p->seed}, {"ids", p->ids}}) + ",\n";

  out += "  \"rollout\": ";
  if (trace.rollout) {
    out += "{\n    ";
    tensor(out, *trace.rollout, "    ");
    out += "}";
  } else {
    out += "null";
  }
  out += ",\n";
}

// A model run's steps all say their block ("layer": null outside the
// blocks); a toy run's say nothing, as in schema 2.
std::string layer_field(const Trace& trace, const Step& s) {
  if (!trace.is_model() && !s.layer) return "";
  return std::string(", \"layer\": ") + (s.layer ? std::to_string(*s.layer) : std::string("null"));
}

}  // namespace

std::string trace_to_json(const Trace& trace, const StepFilter& steps) {
  json header = {
      {"schema_version", trace_schema_version(trace)},
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
  if (trace.is_model()) model_fields(out, trace);

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
    out += "    {\"step\": " + str(std::string(to_string(s.name))) + layer_field(trace, s) +
           ", \"head\": " + (s.head ? std::to_string(*s.head) : "null") + ", \"symbol\": " + str(s.symbol) +
           ", \"formula\": " + str(s.formula) + ",\n     ";
    tensor(out, s.tensor, "     ");
    out += "}";
  }
  out += "]\n}\n";
  return out;
}

}  // namespace mha
