// What is new in a Llama-family block (llama, mistral, qwen2, qwen3), for a
// --model run's explanation: the block's formulas, RMSNorm (with one row
// worked through when the trace holds its input), RoPE in the block and
// rope_scaling, which query heads share which key/value head and the KV
// cache that saves, sliding windows, Qwen3's q/k norm, and the attention
// sink heads (model/analysis.hpp's is_sink).
#include <algorithm>
#include <cmath>

#include "mha/explain/detail/build.hpp"
#include "mha/model/analysis.hpp"

namespace mha::explain_detail {

namespace {

Section titled(const std::string& heading) {
  Section s;
  s.part = Part::block;
  s.heading = heading;
  return s;
}

int dtype_bytes(const std::string& dtype) { return dtype == "F32" ? 4 : 2; }

std::string join_ints(const std::vector<int>& v, const std::string& sep) {
  std::string out;
  for (int x : v) {
    if (!out.empty()) out += sep;
    out += std::to_string(x);
  }
  return out;
}

}  // namespace

bool is_decoder(const Trace& t) { return t.model && t.model->decoder; }

KvCache kv_cache(const ModelInfo& m) {
  const ModelInfo::Decoder& d = *m.decoder;
  const long long per_head = 2LL * m.layers * d.head_dim;  // keys and values, every layer
  return {per_head * d.kv_heads, per_head * m.heads};
}

std::vector<std::vector<int>> kv_groups(int heads, int kv_heads) {
  std::vector<std::vector<int>> groups(static_cast<std::size_t>(kv_heads));
  for (int i = 0; i < heads; ++i) groups[static_cast<std::size_t>(i / (heads / kv_heads))].push_back(i);
  return groups;
}

void decoder_vars(const Trace& t, const Words& w, Vars& vars) {
  const ModelInfo& m = *t.model;
  const ModelInfo::Decoder& d = *m.decoder;
  vars["kvh"] = std::to_string(d.kv_heads);
  vars["group"] = std::to_string(m.heads / d.kv_heads);
  vars["kw"] = std::to_string(d.kv_heads * d.head_dim);
  vars["lm_head"] = d.tied_embeddings ? w.lm_tied : w.lm_own;
  const KvCache c = kv_cache(m);
  vars["cache"] = std::to_string(c.per_token);
  vars["cache_full"] = std::to_string(c.full);
  vars["cache_bytes"] = std::to_string(c.per_token * dtype_bytes(m.dtype));
  vars["ratio"] = std::to_string(m.heads / d.kv_heads);
}

Section decoder_block(const Builder& b) {
  const Trace& t = b.trace;
  const bool qk = t.model->decoder->qk_norm;
  Section s = titled(fill(b.w.block_heading, b.vars));
  s.blocks.emplace_back(Paragraph{fill(b.w.decoder_block, b.vars)});
  const std::string from = qk ? "Q_norm_i" : "Q_i", kfrom = qk ? "K_norm_j" : "K_j";
  std::vector<std::string> lines = {"a  = RMSNorm₁(h)", "h′ = h + attn(a)"};
  lines.push_back("     attn: Q = a·W_qᵀ, K = a·W_kᵀ, V = a·W_vᵀ;" +
                  std::string(qk ? " Q_norm_i = RMSNorm(Q_i)·γ_q, K_norm_j = RMSNorm(K_j)·γ_k;" : ""));
  lines.push_back("     Q_rot_i = rope(" + from + "), K_rot_j = rope(" + kfrom +
                  "); A_i = softmax(Q_rot_i·K_rot_jᵀ/√d_k + M), j = i / (h / h_kv)");
  lines.push_back("m  = RMSNorm₂(h′)");
  lines.push_back("h  = h′ + f,   f = (silu(m·W_gateᵀ) ⊙ m·W_upᵀ)·W_downᵀ");
  lines.push_back("H  = RMSNorm_f(h),   logits = H·W_lmᵀ");
  s.blocks.emplace_back(Formulas{std::move(lines)});
  s.blocks.emplace_back(Paragraph{fill(b.w.decoder_block_after, b.vars)});
  return s;
}

std::vector<Section> decoder_parts(const Builder& b) {
  const Trace& t = b.trace;
  const Words& w = b.w;
  const ModelInfo& m = *t.model;
  const ModelInfo::Decoder& d = *m.decoder;
  std::vector<Section> parts;

  parts.push_back(titled(w.rms_heading));
  parts.back().blocks.emplace_back(Paragraph{fill(w.rms, b.vars)});

  parts.push_back(titled(w.rope_heading));
  parts.back().blocks.emplace_back(Paragraph{fill(w.rope_model, b.vars)});
  if (d.rope_scaling == "llama3") parts.back().blocks.emplace_back(Paragraph{w.rope_llama3});
  if (d.rope_scaling == "linear") parts.back().blocks.emplace_back(Paragraph{w.rope_linear});
  if (d.qk_norm) parts.back().blocks.emplace_back(Paragraph{fill(w.qk_norm, b.vars)});

  parts.push_back(titled(w.gqa_heading));
  Section& gqa = parts.back();  // used before the window sections are pushed
  if (d.kv_heads == m.heads) {
    gqa.blocks.emplace_back(Paragraph{fill(w.mha_model, b.vars)});
  } else {
    gqa.blocks.emplace_back(Paragraph{fill(d.kv_heads == 1 ? w.mqa_model : w.gqa_model, b.vars)});
    Rows table;
    const auto groups = kv_groups(m.heads, d.kv_heads);
    for (std::size_t j = 0; j < groups.size(); ++j) {
      Rows::Row row{fill(w.gqa_row, {{"j", std::to_string(j)}}), {}};
      for (int i : groups[j]) row.items.push_back(fill(w.gqa_item, {{"i", std::to_string(i)}}));
      table.rows.push_back(std::move(row));
    }
    gqa.blocks.emplace_back(std::move(table));
    gqa.blocks.emplace_back(Paragraph{fill(w.kv_cache, b.vars)});
  }

  // One paragraph per window size, naming its layers.
  std::vector<int> sizes;
  for (int win : d.sliding_windows)
    if (win > 0 && std::find(sizes.begin(), sizes.end(), win) == sizes.end()) sizes.push_back(win);
  const Index q = b.last();
  for (int win : sizes) {
    std::vector<int> layers;
    for (std::size_t l = 0; l < d.sliding_windows.size(); ++l)
      if (d.sliding_windows[l] == win) layers.push_back(static_cast<int>(l));
    Vars v = {{"list", join_ints(layers, w.list_sep)},
              {"w", std::to_string(win)},
              {"w1", std::to_string(win - 1)},
              {"tok", b.tok(q)},
              {"t", std::to_string(q)},
              {"a", std::to_string(std::max<Index>(0, q - win + 1))},
              {"b", std::to_string(q)}};
    parts.push_back(titled(w.window_heading));
    parts.back().blocks.emplace_back(Paragraph{fill(w.window, v)});
  }
  return parts;
}

std::string sink_sentence(const Trace& t, const std::vector<HeadStats>& stats, const Words& w) {
  const std::string share = format_number(100.0f * kSinkShare, 0) + "%";
  std::vector<std::string> items;
  for (const HeadStats& s : stats)
    if (is_sink(s))
      items.push_back(fill(w.sink_item, {{"l", std::to_string(s.layer)},
                                         {"i", std::to_string(s.head)},
                                         {"share", format_number(100.0f * s.first, 0) + "%"}}));
  if (items.empty()) return fill(w.no_sink, {{"share", share}});
  std::string list;
  for (const std::string& item : items) list += (list.empty() ? "" : w.list_sep) + item;
  return fill(w.sink, {{"count", std::to_string(items.size())},
                       {"all", std::to_string(stats.size())},
                       {"share", share},
                       {"first", t.tokens.front().shown()},
                       {"list", list}});
}

// RMSNorm's row of the followed token: the mean of its squares, the root, the
// row divided by it, and the learned γ[0] the step's column 0 implies.
std::optional<Worked> Builder::rms_example(const Step& s) const {
  const Step* in = nullptr;
  if (s.symbol == "a" && s.layer) {
    in = *s.layer == 0 ? trace.find(StepName::embed, std::nullopt, "E")
                       : trace.find(StepName::residual, std::nullopt, "h", *s.layer - 1);
  } else if (s.symbol == "m" && s.layer) {
    in = trace.find(StepName::residual, std::nullopt, "h′", s.layer);
  } else if (s.symbol == "H" && trace.model) {
    in = trace.find(StepName::residual, std::nullopt, "h", trace.model->layers - 1);
  }
  if (!in) return std::nullopt;
  const Index q = last();
  const auto x = in->tensor.value.row(q);
  double squares = 0;
  std::string sum;
  for (Index j = 0; j < x.size(); ++j) {
    squares += static_cast<double>(x(j)) * static_cast<double>(x(j));
    if (j >= 4) continue;
    sum += j ? " + (" : "(";  // appended: GCC 12 gives a false -Wrestrict on "…" + string
    sum += num(x(j));
    sum += ")²";
  }
  if (x.size() > 4) sum += " + … (" + fill(w.more_terms, {{"n", std::to_string(x.size() - 4)}}) + ")";
  const double ms = squares / static_cast<double>(x.size());
  const double root = std::sqrt(ms + static_cast<double>(trace.model->layer_norm_eps));
  const auto scaled = static_cast<float>(static_cast<double>(x(0)) / root);
  const float out = s.tensor.value(q, 0);
  const std::string row = "[" + tok(q) + ", ";
  return Worked{fill(w.rms_worked, {{"tok", tok(q)}, {"in", in->symbol}}),
                {"mean(" + in->symbol + row + "j]²) = (" + sum + ") / " + std::to_string(x.size()) + " = " +
                     num(static_cast<float>(ms)),
                 "√(" + num(static_cast<float>(ms)) + " + ε) = " + num(static_cast<float>(root)),
                 in->symbol + row + "0] / " + num(static_cast<float>(root)) + " = " + num(scaled),
                 s.symbol + row + "0] = γ[0]·(" + num(scaled) + ") = " + num(out) + ", γ[0] = " +
                     num(scaled != 0.0f ? out / scaled : 0.0f)},
                "; "};
}

}  // namespace mha::explain_detail
