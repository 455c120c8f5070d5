#pragma once
// The fixed list of step names. Each name is used unchanged in the code (the
// function that computes it), the JSON trace ("step"), the explanation and
// docs/trace.md.
#include <array>
#include <string_view>
#include <vector>

#include "mha/core/enum_names.hpp"

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
  // Real models (--model) only: the parts of a transformer block around the attention.
  layer_norm,   // LN(x) = γ ⊙ (x − mean) / √(var + ε) + β  row-wise  [n, d_model]
  residual,     // h + sublayer(h): the block adds what it computed to its input   [n, d_model]
  mlp,          // GELU(x·W_1 + b_1)·W_2 + b_2: the feed-forward sublayer          [n, d_model]
};

// Every step's name, in the order of the steps.
inline constexpr auto kStepNames = enum_names<StepName>(
    "step", {{StepName::tokenize, "tokenize"},     {StepName::embed, "embed"},
             {StepName::position, "position"},     {StepName::project_q, "project_q"},
             {StepName::project_k, "project_k"},   {StepName::project_v, "project_v"},
             {StepName::split_heads, "split_heads"}, {StepName::scores, "scores"},
             {StepName::scale, "scale"},           {StepName::mask, "mask"},
             {StepName::softmax, "softmax"},       {StepName::context, "context"},
             {StepName::concat, "concat"},         {StepName::output, "output"},
             {StepName::layer_norm, "layer_norm"}, {StepName::residual, "residual"},
             {StepName::mlp, "mlp"}});
inline constexpr std::array<StepName, 17> kAllSteps = kStepNames.values();
// The steps of the attention layer itself, which a toy run (no --model) records.
inline constexpr std::array<StepName, 14> kLayerSteps = {
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
