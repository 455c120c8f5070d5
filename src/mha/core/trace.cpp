#include "mha/core/trace.hpp"

#include <algorithm>

namespace mha {

const Step* Trace::find(StepName name, std::optional<int> head, std::string_view symbol,
                        std::optional<int> layer) const {
  for (const auto& s : steps)
    if (s.name == name && s.head == head && s.layer == layer && (symbol.empty() || s.symbol == symbol)) return &s;
  return nullptr;
}

std::string model_title(std::string_view type) {
  if (type == "gpt2") return "GPT-2";
  if (type == "bert") return "BERT";
  return std::string(type);
}

std::vector<int> Trace::layers() const {
  std::vector<int> out;
  for (const auto& s : steps)
    if (s.layer && std::find(out.begin(), out.end(), *s.layer) == out.end()) out.push_back(*s.layer);
  std::sort(out.begin(), out.end());
  return out;
}

const Parameter* Trace::parameter(std::string_view name) const {
  for (const auto& p : parameters)
    if (p.name == name) return &p;
  return nullptr;
}

namespace {
Labels labels_of(const std::vector<Token>& tokens) {
  Labels labels;
  labels.reserve(tokens.size());
  for (const auto& t : tokens) labels.push_back(t.shown());
  return labels;
}
}  // namespace

std::string Trace::mask_name() const {
  if (config.causal) return key_padding.empty() ? "causal" : "causal + padding";
  return key_padding.empty() ? "none" : "padding";
}

Labels Trace::token_labels() const { return labels_of(tokens); }
Labels Trace::key_labels() const { return labels_of(key_tokens()); }

}  // namespace mha
