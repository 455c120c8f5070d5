#include "mha/core/trace_queries.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "mha/core/error.hpp"
#include "mha/core/version.hpp"

namespace mha {

CapturedAttention captured_attention(const Trace& trace) {
  CapturedAttention out;
  const auto add = [](std::vector<int>& list, int v) {
    if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
  };
  for (const Step& s : trace.steps)
    if (s.name == StepName::softmax) {
      if (s.layer) add(out.layers, *s.layer);
      if (s.head) add(out.heads, *s.head);
    }
  std::sort(out.layers.begin(), out.layers.end());
  std::sort(out.heads.begin(), out.heads.end());
  return out;
}

LabelledMatrix weights_with_masked_cells(const Trace& trace, int head, std::optional<int> layer) {
  const Step* A = trace.find(StepName::softmax, head, {}, layer);
  if (!A) {
    std::string msg = "the trace has no softmax step for head ";
    msg += std::to_string(head);
    if (layer) {
      msg += " of layer ";
      msg += std::to_string(*layer);
    }
    throw InputError(msg);
  }
  LabelledMatrix shown = A->tensor;
  constexpr float kMaskedCell = -std::numeric_limits<float>::infinity();
  if (const Step* M = trace.find(StepName::mask, head, {}, layer)) {
    shown.value = M->tensor.value.array().isInf().select(kMaskedCell, shown.value);
  } else if (trace.is_model()) {
    // A model run keeps only the softmax by default: its mask is the
    // config's (causal: keys after the query) and the padding keys.
    Matrix& a = shown.value;
    const auto padding = [&](Index k) {
      return static_cast<std::size_t>(k) < trace.key_padding.size() && trace.key_padding[static_cast<std::size_t>(k)];
    };
    for (Index q = 0; q < a.rows(); ++q)
      for (Index k = 0; k < a.cols(); ++k)
        if ((trace.config.causal && k > q) || padding(k)) a(q, k) = kMaskedCell;
  }
  return shown;
}

LabelledMatrix rollout_with_masked_cells(const Trace& trace) {
  if (!trace.rollout) throw InputError("the trace has no attention rollout");
  LabelledMatrix shown = *trace.rollout;
  if (trace.config.causal)
    for (Index q = 0; q < shown.value.rows(); ++q)
      for (Index k = q + 1; k < shown.value.cols(); ++k) shown.value(q, k) = -std::numeric_limits<float>::infinity();
  return shown;
}

int trace_schema_version(const Trace& trace) {
  return trace.is_model() ? kModelTraceSchemaVersion : kTraceSchemaVersion;
}

}  // namespace mha
