#include "mha/core/steps.hpp"

#include <algorithm>
#include <string>

#include "mha/core/error.hpp"

namespace mha {

std::string_view to_string(StepName s) { return kStepNames.name(s); }

StepName step_from_string(std::string_view s) { return kStepNames.parse(s); }

namespace {
// The steps a trace export can hold: all but tokenize, whose result (the
// tokens) every trace holds anyway.
StepName exported_step(std::string_view s) {
  std::string names;
  for (StepName k : kAllSteps)
    if (k != StepName::tokenize) names += (names.empty() ? "" : ", ") + std::string(to_string(k));
  if (s == to_string(StepName::tokenize))
    throw InputError("--steps: tokenize has no matrix (every trace holds the tokens); expected one of " + names);
  for (StepName k : kAllSteps)
    if (to_string(k) == s) return k;
  throw InputError("unknown step '" + std::string(s) + "'; expected one of " + names);
}
}  // namespace

bool StepFilter::keeps(StepName s) const { return only.empty() || std::find(only.begin(), only.end(), s) != only.end(); }

StepFilter steps_from_list(std::string_view list) {
  StepFilter f;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    if (!name.empty()) f.only.push_back(exported_step(name));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (f.only.empty()) throw InputError("--steps names no step; expected a comma-separated list such as scores,softmax");
  return f;
}

}  // namespace mha
