#pragma once
// What the explanation's builder shares between its parts: the toy run's walk
// (explanation.cpp), a step in full with its worked example (steps.cpp) and
// a --model run's walk (explanation_model.cpp). Private to explain/.
#include <string>
#include <vector>

#include "mha/explain/document.hpp"
#include "mha/explain/words.hpp"

namespace mha::explain_detail {

struct Builder {
  const Trace& trace;
  const Words& w;
  Vars vars;
  int precision = 3;
  int max_rows = 16;
  int number = 0;  // the last step number given

  std::string num(float v) const { return format_number(v, precision); }
  // The query token every worked example follows: the last one.
  Index last() const { return static_cast<Index>(trace.tokens.size()) - 1; }
  const std::string& tok(Index i) const { return trace.tokens[static_cast<std::size_t>(i)].shown(); }
  const std::string& ktok(Index i) const { return trace.key_tokens()[static_cast<std::size_t>(i)].shown(); }

  // A numbered step section without a matrix: tokenize, the split overview, a mask not applied.
  Section numbered(StepName step, std::string heading, std::string formula = {});
  // A step in full: meaning, the parameters it uses, its result, its worked example.
  Section step(const Step& s);
  // The sentence's tokens (with their ids in a model run), the count, and a
  // cross-attention's context tokens.
  void tokens(Section& section, const std::string& meaning);

 private:
  std::optional<Worked> worked(const Step& s) const;
  std::optional<Worked> product(const Step& s) const;
  std::optional<Worked> rope_example(const Step& s) const;  // --positional rope: one pair turned
  std::optional<Worked> rms_example(const Step& s) const;   // rms_norm: one row (explanation_decoder.cpp)
  Worked softmax_example(const Matrix& logits, const Matrix& A, Index q) const;
  std::string terms(const std::vector<std::pair<float, float>>& t) const;
};

// A --model run's sections after its intro.
void model_sections(Builder& b, Document& doc);

// The Llama family (explanation_decoder.cpp): a model with ModelInfo::decoder.
bool is_decoder(const Trace& t);
// Numbers a generating model keeps per token: 2 · layers · kv_heads · head_dim
// (per_token), against 2 · layers · heads · head_dim without sharing (full).
struct KvCache {
  long long per_token = 0, full = 0;
};
KvCache kv_cache(const ModelInfo& model);
// groups[j]: the query heads that read key/value head j (i / (heads / kv_heads) = j).
std::vector<std::vector<int>> kv_groups(int heads, int kv_heads);
// {kvh}, {group}, {kw}, {lm_head}, {cache}, {cache_full}, {cache_bytes}, {ratio}.
void decoder_vars(const Trace& t, const Words& w, Vars& vars);
// How one block works: prose, formulas, prose.
Section decoder_block(const Builder& b);
// RMSNorm; RoPE (rope_scaling, q/k norm); grouped-query heads, the KV cache and sliding windows.
std::vector<Section> decoder_parts(const Builder& b);
// The attention sink heads (is_sink), or that there are none.
std::string sink_sentence(const Trace& t, const std::vector<HeadStats>& stats, const Words& w);

}  // namespace mha::explain_detail
