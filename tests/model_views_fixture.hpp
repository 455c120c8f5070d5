#pragma once
// For the views of --model traces (pictures, HTML page) and their bench:
// a model-shaped trace of any size with made-up softmax weights, and a
// rollout and head statistics computed here from a trace's weights. The real
// rollout and statistics are another module's; these only give the views
// numbers of the right shape and meaning (rows of the rollout sum to 1,
// shares lie in [0, 1]).
#include <cmath>
#include <string>

#include "mha/core/rng.hpp"
#include "model_trace_fixture.hpp"

namespace mha::testing {

// `layers` × `heads` softmax maps over the n tokens "t0 t1 …", every head
// captured, as GPT-2 (causal: weights after the query are 0) or BERT:
// random peaked rows, a stream per head, so the same sizes give the same
// numbers.
inline Trace random_model_trace(int layers, int heads, int n, bool causal = true) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    if (i) text += ' ';
    text += 't';
    text += std::to_string(i);
  }
  Trace out = synthetic_model_trace(1, 2, causal, text);
  out.steps.clear();
  const Labels labels = out.token_labels();
  for (int l = 0; l < layers; ++l)
    for (int h = 0; h < heads; ++h) {
      SplitMix64 rng = stream_for(7, "layer" + std::to_string(l) + "head" + std::to_string(h));
      Matrix a = Matrix::Zero(n, n);
      for (int q = 0; q < n; ++q) {
        double sum = 0.0;
        for (int k = 0; k < (causal ? q + 1 : n); ++k) {
          const double u = rng.uniform();
          a(q, k) = static_cast<float>(u * u * u * u);
          sum += double{a(q, k)};
        }
        if (sum > 0.0) a.row(q) /= static_cast<float>(sum);
      }
      Step s{StepName::softmax, h, "A_" + std::to_string(h), "A_i = softmax(Ŝ_i)", {a, labels, labels}, l};
      out.steps.push_back(std::move(s));
    }
  out.config.heads = heads;
  out.config.d_k = out.config.d_v = 64;
  out.config.d_model = 64 * heads;
  ModelInfo& m = *out.model;
  m.layers = layers, m.heads = heads, m.d_model = out.config.d_model, m.d_ff = 4 * m.d_model;
  m.vocab_size = 50257, m.max_positions = 1024;
  m.captured_layers.clear(), m.captured_heads.clear();
  for (int l = 0; l < layers; ++l) m.captured_layers.push_back(l);
  for (int h = 0; h < heads; ++h) m.captured_heads.push_back(h);
  return out;
}

// R = Π_l (½·mean_h A_l,h + ½·I), rows renormalised, over the trace's layers
// (Abnar & Zuidema 2020), as Trace::rollout describes it.
inline void add_rollout(Trace& t) {
  const auto layers = t.layers();
  if (layers.empty()) return;
  const Index n = static_cast<Index>(t.tokens.size());
  Matrix r = Matrix::Identity(n, n);
  for (int l : layers) {
    Matrix mean = Matrix::Zero(n, n);
    int count = 0;
    for (const Step& s : t.steps)
      if (s.name == StepName::softmax && s.layer == l) mean += s.tensor.value, ++count;
    Matrix layer = 0.5f * mean / static_cast<float>(std::max(count, 1)) + 0.5f * Matrix::Identity(n, n);
    for (Index q = 0; q < n; ++q) layer.row(q) /= layer.row(q).sum();
    r = (layer * r).eval();
  }
  t.rollout = LabelledMatrix{r, t.token_labels(), t.token_labels()};
}

// What each captured head's weights do, as Trace::head_stats describes it.
inline void add_head_stats(Trace& t) {
  t.head_stats.clear();
  for (const Step& s : t.steps) {
    if (s.name != StepName::softmax || !s.layer || !s.head) continue;
    const Matrix& a = s.tensor.value;
    HeadStats h;
    h.layer = *s.layer, h.head = *s.head;
    double entropy = 0, max_entropy = 0, previous = 0, self = 0, first = 0;
    for (Index q = 0; q < a.rows(); ++q) {
      int visible = 0, top = 0;
      for (Index k = 0; k < a.cols(); ++k) {
        const double v = double{a(q, k)};
        if (v > 0) entropy -= v * std::log2(v);
        visible += (!t.config.causal || k <= q) ? 1 : 0;
        if (a(q, k) > a(q, top)) top = static_cast<int>(k);
      }
      max_entropy += std::log2(static_cast<double>(std::max(visible, 1)));
      if (q > 0) previous += double{a(q, q - 1)};
      self += double{a(q, q)}, first += double{a(q, 0)};
      h.top_key.push_back(top);
    }
    const double rows = static_cast<double>(std::max<Index>(a.rows(), 1));
    h.entropy = static_cast<float>(entropy / rows), h.max_entropy = static_cast<float>(max_entropy / rows);
    h.previous = static_cast<float>(previous / std::max(rows - 1, 1.0));
    h.self = static_cast<float>(self / rows), h.first = static_cast<float>(first / rows);
    h.role = h.previous > 0.5f ? "previous" : h.self > 0.5f ? "self" : h.first > 0.5f ? "first"
             : h.entropy > 0.8f * h.max_entropy ? "broad" : "mixed";
    t.head_stats.push_back(std::move(h));
  }
}

}  // namespace mha::testing
