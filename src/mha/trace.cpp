#include "mha/trace.hpp"

namespace mha {

const Step* Trace::find(StepName name, std::optional<int> head, std::string_view symbol) const {
  for (const auto& s : steps)
    if (s.name == name && s.head == head && (symbol.empty() || s.symbol == symbol)) return &s;
  return nullptr;
}

const Parameter* Trace::parameter(std::string_view name) const {
  for (const auto& p : parameters)
    if (p.name == name) return &p;
  return nullptr;
}

Labels Trace::token_labels() const {
  Labels labels;
  labels.reserve(tokens.size());
  for (const auto& t : tokens) labels.push_back(t.text);
  return labels;
}

}  // namespace mha
