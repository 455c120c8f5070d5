#pragma once
// A trace shaped like a --model run, for testing the views before (and
// without) a checkpoint: `layers` toy attention layers with different seeds,
// each tagged as a block, keeping what a default model run keeps (the
// softmax of every head) or every step (all_steps). Its numbers come from
// the toy layer, not from a transformer: use it for views, never for math.
#include <string>

#include "mha/pipeline.hpp"
#include "mha/core/trace.hpp"

namespace mha::testing {

inline Trace synthetic_model_trace(int layers = 2, int heads = 4, bool causal = true,
                                   const std::string& text = "the cat sat on the mat", bool all_steps = false) {
  Config c;
  c.d_model = 16;
  c.heads = heads;
  c.causal = causal;
  c.bias = true;
  Trace out = explain_sentence(text, c);
  std::vector<Step> kept;
  for (int l = 0; l < layers; ++l) {
    c.seed = 42 + static_cast<std::uint64_t>(l);
    Trace t = explain_sentence(text, c);
    for (auto& s : t.steps) {
      if (s.name == StepName::embed || s.name == StepName::position) continue;
      if (!all_steps && s.name != StepName::softmax) continue;
      s.layer = l;
      kept.push_back(std::move(s));
    }
  }
  out.steps = std::move(kept);
  out.config.positional = Positional::learned;
  out.weights_source = "synthetic";
  ModelInfo m;
  m.type = causal ? "gpt2" : "bert";
  m.source = "synthetic";
  m.dtype = "F32";
  m.layers = layers;
  m.heads = heads;
  m.d_model = c.d_model;
  m.d_ff = 4 * c.d_model;
  m.vocab_size = 100;
  m.max_positions = 64;
  m.layer_norm_eps = 1e-5f;
  for (int l = 0; l < layers; ++l) m.captured_layers.push_back(l);
  for (int h = 0; h < heads; ++h) m.captured_heads.push_back(h);
  out.model = m;
  if (causal) out.predictions = {{11, "mat", 3.5f, 0.4f}, {12, "hat", 2.0f, 0.1f}};
  return out;
}

}  // namespace mha::testing
