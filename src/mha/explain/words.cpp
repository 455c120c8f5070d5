#include "mha/explain/words.hpp"

#include <charconv>
#include <cmath>

#include "mha/core/error.hpp"
#include "mha/explain/table.hpp"
#include "mha/text/utf8.hpp"
#include "mha/core/version.hpp"

namespace mha {

Lang lang_from_string(std::string_view s) { return kLangNames.parse(s); }

namespace {

// The shortest text that reads back as v: "1e-05", "1e-12".
std::string shortest(float v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

}  // namespace

std::string fill(std::string text, const Vars& vars) {
  for (const auto& [key, value] : vars) {
    const std::string pattern = "{" + key + "}";
    for (auto pos = text.find(pattern); pos != std::string::npos; pos = text.find(pattern, pos + value.size()))
      text.replace(pos, pattern.size(), value);
  }
  return text;
}

Vars trace_vars(const Trace& t, int precision) {
  const Config& c = t.config;
  Vars vars = {{"version", kVersion},
               {"d", std::to_string(c.d_model)},
               {"h", std::to_string(c.heads)},
               {"dk", std::to_string(c.d_k)},
               {"n", std::to_string(t.tokens.size())},
               {"seed", std::to_string(c.seed)},
               {"pos", std::string(to_string(c.positional))},
               {"tokenizer", std::string(to_string(c.tokenizer))},
               {"sqrt_dk", format_number(std::sqrt(static_cast<float>(c.d_k)), precision)},
               {"dv", std::to_string(c.d_v)},
               {"qk", std::to_string(c.heads * c.d_k)},
               {"vw", std::to_string(c.heads * c.d_v)},
               {"m", std::to_string(t.key_tokens().size())},
               {"pad", utf8::printable(c.pad_token)},
               {"context", utf8::printable(t.context_text.value_or(""))},
               {"file", t.weights_source}};
  vars["mask"] = t.mask_name();
  if (t.model) {
    const ModelInfo& mi = *t.model;
    vars.insert({{"type", mi.type},
                 {"source", mi.source},
                 {"dtype", mi.dtype},
                 {"layers", std::to_string(mi.layers)},
                 {"model", model_title(mi)},
                 {"ff", std::to_string(mi.d_ff)},
                 {"vocab", std::to_string(mi.vocab_size)},
                 {"positions", std::to_string(mi.max_positions)},
                 {"eps", shortest(mi.layer_norm_eps)}});
    // R = Ā_{L−1} ⋯ Ā_1·Ā_0, written out for the few layers where "⋯" would repeat a factor
    std::string eq = "R = Ā_";  // appended: GCC 12 gives a false -Wrestrict on "…" + string
    eq += std::to_string(mi.layers - 1);
    eq += " ⋯ Ā_1·Ā_0";
    vars["rollout_eq"] = mi.layers <= 1 ? "R = Ā_0" : mi.layers == 2 ? "R = Ā_1·Ā_0" : eq;
  }
  if (c.positional == Positional::rope) {
    vars["theta"] = format_theta(c.rope_theta);
    vars["half"] = std::to_string(c.d_k / 2);
  }
  if (c.kv_heads > 0 && c.kv_heads != c.heads) {
    vars["kvh"] = std::to_string(c.kv_heads);
    vars["group"] = std::to_string(c.heads / c.kv_heads);
    vars["kw"] = std::to_string(c.kv_heads * c.d_k);
  }
  vars["dk_eq"] = c.d_k * c.heads == c.d_model && c.d_v == c.d_k
                      ? "d_k = d_model / h = " + std::to_string(c.d_k)
                      : "d_k = " + std::to_string(c.d_k) + ", d_v = " + std::to_string(c.d_v);
  return vars;
}

Vars head_vars(const Trace& t, int i) {
  const int dk = t.config.d_k, dv = t.config.d_v;
  const int kv = t.config.kv_heads > 0 ? t.config.kv_heads : t.config.heads;
  const int j = i / (t.config.heads / kv);  // the key/value head query head i reads
  const bool shared = kv != t.config.heads;
  return {{"i", std::to_string(i)},         {"a", std::to_string(i * dk)},
          {"b", std::to_string((i + 1) * dk - 1)}, {"va", std::to_string((shared ? j : i) * dv)},
          {"vb", std::to_string(((shared ? j : i) + 1) * dv - 1)}, {"n", std::to_string(t.tokens.size())},
          {"j", std::to_string(j)},         {"ka", std::to_string(j * dk)},
          {"kb", std::to_string((j + 1) * dk - 1)}};
}

std::vector<std::string> option_paragraphs(const Trace& t, const Words& w, const Vars& vars) {
  std::vector<std::string> out;
  const Config& c = t.config;
  if (c.d_k * c.heads != c.d_model || c.d_v != c.d_k) out.push_back(fill(w.sizes, vars));
  if (c.bias) out.push_back(t.model && t.model->decoder && !t.model->decoder->output_bias ? w.bias_qkv : w.bias);
  if (t.weights_source != "random" && !t.is_model()) out.push_back(fill(w.weights_file, vars));  // a model names its source
  if (t.cross()) out.push_back(fill(w.cross, vars));
  if (!t.key_padding.empty()) {
    std::string list;
    for (std::size_t k = 0; k < t.key_padding.size(); ++k)
      if (t.key_padding[k]) list += (list.empty() ? "" : ", ") + std::to_string(k);
    out.push_back(fill(w.padding, {{"pad", vars.at("pad")}, {"list", list}}));
  }
  if (!t.fully_masked_rows.empty()) {
    std::string rows;
    for (int r : t.fully_masked_rows) rows += (rows.empty() ? "" : ", ") + std::to_string(r);
    out.push_back(fill(w.fully_masked, {{"rows", rows}}));
  }
  return out;
}

std::string step_meaning(const Trace& t, const Step& s, const Words& w, const Vars& vars) {
  if (s.name == StepName::position && t.config.positional == Positional::none) return w.position_none;
  if (s.name == StepName::position && t.config.positional == Positional::rope) return w.position_rope;
  if (s.name == StepName::rope && s.symbol.starts_with("K")) return {};  // said once, at Q_rot
  if (s.name == StepName::qk_norm && s.symbol.starts_with("K")) return {};  // said once, at Q_norm
  if (s.name == StepName::mask && !t.key_padding.empty()) return t.config.causal ? w.mask_both : w.mask_padding;
  if (s.name == StepName::split_heads) return {};
  if (t.model && t.model->decoder && s.name == StepName::mlp) return fill(w.swiglu, vars);
  if (t.model && t.model->decoder && s.name == StepName::mask && s.layer) {
    const std::vector<int>& windows = t.model->decoder->sliding_windows;
    const auto l = static_cast<std::size_t>(*s.layer);
    if (l < windows.size() && windows[l] > 0) return fill(w.mask_window, {{"w", std::to_string(windows[l])}});
  }
  if (t.is_model() && s.name == StepName::embed) return fill(w.model_embed, vars);
  if (t.is_model() && s.name == StepName::position)
    return fill(t.model->type == "bert" ? w.bert_position : w.gpt2_position, vars);
  Vars v = vars;
  if (s.name == StepName::embed)  // the context's table is kdim (or vdim) wide
    v["width"] = s.symbol == "E" ? "d_model = " + vars.at("d") : std::to_string(s.tensor.value.cols());
  if (s.name != StepName::embed || t.embeddings_source == "random") return fill(w.step_meaning[static_cast<int>(s.name)], v);

  // --embeddings: the rows come from a file, and some tokens may be missing from it.
  v["file"] = t.embeddings_source;
  std::string text = fill(w.embed_file, v);
  const bool context = s.symbol != "E";
  const std::vector<int>& missing = context ? t.oov_context_tokens : t.oov_tokens;
  const std::vector<Token>& tokens = context ? t.key_tokens() : t.tokens;
  if (!missing.empty()) {
    std::string list;
    for (int k : missing) {
      if (!list.empty()) list += ", ";
      list += utf8::printable(tokens[static_cast<std::size_t>(k)].shown());
    }
    const std::string& what = t.oov_policy == "zero" ? w.oov_zero : t.oov_policy == "unk" ? w.oov_unk : w.oov_random;
    text += ' ';  // two appends: GCC 12 warns falsely (-Wrestrict) on " " + std::string here
    text += fill(w.oov, {{"list", list}, {"policy", t.oov_policy}, {"what", fill(what, vars)}});
  }
  return text;
}

std::vector<std::string> step_parameters(const Step& s) {
  switch (s.name) {
    case StepName::position: return {"positional_encoding" + s.symbol.substr(1)};  // X_ctx -> ..._ctx
    case StepName::project_q: return {"W_Q", "b_Q"};
    case StepName::project_k: return {"W_K", "b_K"};
    case StepName::project_v: return {"W_V", "b_V"};
    case StepName::output: return {"W_O", "b_O"};
    default: return {};
  }
}

std::string parameter_symbol(const std::string& parameter) {
  if (!parameter.starts_with("positional_encoding")) return parameter;
  std::string symbol = "P";  // appended: GCC 12 gives a false -Wrestrict on "P" + string
  symbol += parameter.substr(19);
  return symbol;
}

}  // namespace mha
