#pragma once
// The fixed list of step names. Each name is used unchanged in the code (the
// function that computes it), the JSON trace ("step"), the explanation and
// docs/trace.md. Where each step is computed:
//   tokenize                     text/tokenizer.hpp (a model's: its BPE or WordPiece);
//                                recorded by Recorder::tokens as Trace::tokens
//   embed, position              core/embed.hpp
//   project_q … output           core/attention.hpp, one function each
//   qk_norm                      core/attention.hpp (Qwen3's blocks only)
//   layer_norm, rms_norm, mlp (residual)  model/blocks.hpp, model/gpt2.cpp, model/bert.cpp, model/llama.cpp
// Shapes: n query tokens, m key tokens, d = d_model, h heads, d_k and d_v per head.
#include <array>
#include <string_view>
#include <vector>

#include "mha/core/enum_names.hpp"

namespace mha {

enum class StepName {
  tokenize,     // text -> tokens: Trace::tokens, not a matrix (never in Trace::steps)
  embed,        // E[t] = T[id_t], the table's row for token t                  [n, d]
  position,     // X = E + P[0:n] (P sinusoidal or learned; X = E without one)  [n, d]
  project_q,    // Q = X·W_Q + b_Q                                              [n, h·d_k]
  project_k,    // K = X_k·W_K + b_K  (X_k = X in self-attention)               [m, h·d_k]
  project_v,    // V = X_v·W_V + b_V                                            [m, h·d_v]
  split_heads,  // Q_i = Q[:, i·d_k : (i+1)·d_k] (also K_i; V_i with d_v)       [n, d_k]
  qk_norm,      // Q_norm_i = RMSNorm(Q_i)·γ_q, K_norm_i likewise (Qwen3)       [n, d_k]
  rope,         // Q_rot_i = rope(Q_i), K_rot_i = rope(K_i): pairs turned by position × frequency  [n, d_k]
  scores,       // S_i = Q_i·K_iᵀ                                               [n, m]
  scale,        // Ŝ_i = S_i / √d_k                                             [n, m]
  mask,         // Ŝ_i + M, M = −∞ where key k > q (causal) or k is padding     [n, m]
  softmax,      // A_i = softmax(Ŝ_i + M), row by row                           [n, m]
  context,      // C_i = A_i·V_i                                                [n, d_v]
  concat,       // Z = [C_0 | C_1 | … | C_{h−1}]                                [n, h·d_v]
  output,       // Y = Z·W_O + b_O                                              [n, d]
  // Real models (--model) only: the parts of a transformer block around the attention.
  layer_norm,   // LN(x) = γ ⊙ (x − mean) / √(var + ε) + β  row-wise  [n, d_model]
  rms_norm,     // RMSNorm(x) = γ ⊙ x / √(mean(x²) + ε)  row-wise (Llama, Mistral, Qwen)  [n, d_model]
  residual,     // h + sublayer(h): the block adds what it computed to its input   [n, d_model]
  mlp,          // GELU(x·W_1 + b_1)·W_2 + b_2, or SwiGLU (silu(x·W_gate) ⊙ x·W_up)·W_down: the feed-forward  [n, d_model]
};

// Every step's name, in the order of the steps.
inline constexpr auto kStepNames = enum_names<StepName>(
    "step", {{StepName::tokenize, "tokenize"},     {StepName::embed, "embed"},
             {StepName::position, "position"},     {StepName::project_q, "project_q"},
             {StepName::project_k, "project_k"},   {StepName::project_v, "project_v"},
             {StepName::split_heads, "split_heads"}, {StepName::qk_norm, "qk_norm"},
             {StepName::rope, "rope"},
             {StepName::scores, "scores"},
             {StepName::scale, "scale"},           {StepName::mask, "mask"},
             {StepName::softmax, "softmax"},       {StepName::context, "context"},
             {StepName::concat, "concat"},         {StepName::output, "output"},
             {StepName::layer_norm, "layer_norm"}, {StepName::rms_norm, "rms_norm"},
             {StepName::residual, "residual"},
             {StepName::mlp, "mlp"}});
inline constexpr std::array<StepName, 20> kAllSteps = kStepNames.values();
// The steps of the attention layer itself, which a toy run (no --model) records
// (rope only with --positional rope).
inline constexpr std::array<StepName, 15> kLayerSteps = {
    StepName::tokenize,    StepName::embed,  StepName::position, StepName::project_q, StepName::project_k,
    StepName::project_v,   StepName::split_heads, StepName::rope, StepName::scores, StepName::scale,   StepName::mask,
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
