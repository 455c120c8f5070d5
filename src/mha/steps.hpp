#pragma once
// The fixed list of step names. Each name is used unchanged in the code (the
// function that computes it), the JSON trace ("step"), the explanation and
// docs/trace.md.
#include <array>
#include <string_view>
#include <vector>

namespace mha {

enum class StepName {
  tokenize,     // text -> tokens
  embed,        // E[t] = embedding(token t)                      [n, d_model]
  position,     // X = E + P (P sinusoidal, or 0)                 [n, d_model]
  project_q,    // Q = X·W_Q                                      [n, d_model]
  project_k,    // K = X·W_K                                      [n, d_model]
  project_v,    // V = X·W_V                                      [n, d_model]
  split_heads,  // Q_i = Q[:, i·d_k : (i+1)·d_k] (also K_i, V_i)  [n, d_k]
  scores,       // S_i = Q_i·K_iᵀ                                 [n, n]
  scale,        // S_i / √d_k                                     [n, n]
  mask,         // + M (−∞ above the diagonal when causal)        [n, n]
  softmax,      // A_i = softmax(row-wise)                        [n, n]
  context,      // C_i = A_i·V_i                                  [n, d_k]
  concat,       // Z = [C_0 | C_1 | … | C_{h−1}]                  [n, d_model]
  output,       // Y = Z·W_O                                      [n, d_model]
};

inline constexpr std::array<StepName, 14> kAllSteps = {
    StepName::tokenize,    StepName::embed,  StepName::position, StepName::project_q, StepName::project_k,
    StepName::project_v,   StepName::split_heads, StepName::scores, StepName::scale,   StepName::mask,
    StepName::softmax,     StepName::context, StepName::concat,   StepName::output};

std::string_view to_string(StepName s);
StepName step_from_string(std::string_view s);  // throws InputError listing the names

// Which steps a trace export holds (--steps): empty means every step.
struct StepFilter {
  std::vector<StepName> only;
  bool keeps(StepName s) const;
};
// "scores,softmax" -> {scores, softmax}; throws InputError naming an unknown step.
StepFilter steps_from_list(std::string_view comma_separated);

}  // namespace mha
