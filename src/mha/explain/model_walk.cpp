#include "mha/explain/model_walk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mha/explain/table.hpp"

namespace mha {

namespace {

const std::string& shown(const std::vector<Token>& tokens, Index i) {
  return tokens[static_cast<std::size_t>(i)].shown();
}

std::string percent(float share) {
  std::string p = format_number(100.0f * share, 0);
  p += '%';
  return p;
}

// "a, b, c" with the language's separator.
std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

std::string cut_note(const Words& w, Index all, int max_rows) {
  if (max_rows <= 0 || all <= max_rows) return {};
  return fill(w.cut_tokens, {{"shown", std::to_string(max_rows)}, {"all", std::to_string(all)}});
}

}  // namespace

std::vector<HeadStats> shown_head_stats(const Trace& trace) {
  return trace.head_stats.empty() ? all_head_stats(trace) : trace.head_stats;
}

std::vector<std::string> model_paragraphs(const Trace& trace, const Words& w, const Vars& vars) {
  std::vector<std::string> out = option_paragraphs(trace, w, vars);
  if (trace.model->truncated) out.push_back(fill(w.truncated, vars));
  out.push_back(fill(w.model_slice, vars));
  return out;
}

std::string token_item(const Trace& trace, std::size_t i) {
  const Token& t = trace.tokens[i];
  std::string item = "[";
  item += std::to_string(i);
  item += "] ";
  item += t.shown();
  if (t.id >= 0) {
    item += " (";
    item += std::to_string(t.id);
    item += ')';
  }
  return item;
}

std::string token_types_sentence(const Trace& trace, const Words& w) {
  const std::vector<int>& types = trace.model->token_types;
  std::vector<std::string> runs;
  for (std::size_t a = 0; a < types.size();) {
    std::size_t b = a;
    while (b + 1 < types.size() && types[b + 1] == types[a]) ++b;
    runs.push_back(fill(w.token_type_run,
                        {{"type", std::to_string(types[a])}, {"a", std::to_string(a)}, {"b", std::to_string(b)}}));
    a = b + 1;
  }
  return runs.empty() ? std::string() : fill(w.token_types, {{"runs", join(runs, w.list_sep)}});
}

BlockText block_text(const Trace& trace, const Words& w, const Vars& vars) {
  const bool gpt2 = trace.model->type == "gpt2";
  BlockText b;
  b.heading = fill(w.block_heading, vars);
  b.intro = fill(gpt2 ? w.gpt2_block : w.bert_block, vars);
  // The formulas read the same in every language.
  if (gpt2)
    b.formulas = {"h′ = h + attn(LN₁(h))", "h  = h′ + mlp(LN₂(h′)),   mlp(x) = GELU(x·W₁ + b₁)·W₂ + b₂"};
  else
    b.formulas = {"a  = LN₁(x + attn(x))", "x′ = LN₂(a + mlp(a)),   mlp(x) = GELU(x·W₁ + b₁)·W₂ + b₂"};
  b.after = fill(gpt2 ? w.gpt2_block_after : w.bert_block_after, vars);
  return b;
}

std::string heads_intro(const Words& w) {
  return fill(w.heads_intro, {{"share", percent(kRoleShare)}, {"broad", percent(kBroadFraction)}});
}

std::vector<std::string> head_columns(const Words& w) { return {w.col_head, w.col_entropy, w.col_role, w.col_looks}; }

std::vector<HeadTable> head_tables(const Trace& trace, const std::vector<HeadStats>& stats, const Words& w,
                                   int max_rows) {
  std::vector<HeadTable> tables;
  const auto queries = visible_indices(static_cast<Index>(trace.tokens.size()), max_rows);
  for (const HeadStats& s : stats) {
    if (tables.empty() || tables.back().layer != s.layer) {
      tables.emplace_back();
      tables.back().layer = s.layer;
    }
    HeadRow row;
    row.head = std::to_string(s.head);
    row.entropy = format_number(s.entropy, 2);
    row.entropy += " / ";
    row.entropy += format_number(s.max_entropy, 2);
    const auto role = std::find(std::begin(kRoles), std::end(kRoles), s.role);
    row.role = role == std::end(kRoles) ? s.role : w.role_name[role - std::begin(kRoles)];
    for (Index q : queries) {
      if (q < 0) {
        row.looks.emplace_back("…");
        continue;
      }
      std::string look = shown(trace.tokens, q);
      look += "→";
      const auto query = static_cast<std::size_t>(q);
      const int k = query < s.top_key.size() ? s.top_key[query] : -1;
      look += k < 0 ? "—" : shown(trace.key_tokens(), k);  // —: a fully masked row looks nowhere
      row.looks.push_back(std::move(look));
    }
    tables.back().rows.push_back(std::move(row));
  }
  const std::string cut = cut_note(w, static_cast<Index>(trace.tokens.size()), max_rows);
  for (HeadTable& t : tables) {
    t.heading = fill(t.rows.size() == 1 ? w.layer_heading_one : w.layer_heading,
                     {{"l", std::to_string(t.layer)}, {"count", std::to_string(t.rows.size())}, {"i", t.rows[0].head}});
    t.cut = cut;
  }
  return tables;
}

std::string role_counts(const std::vector<HeadStats>& stats, const Words& w) {
  if (stats.size() < 2) return {};
  std::vector<std::string> counts;
  for (std::size_t r = 0; r < std::size(kRoles); ++r) {
    const auto n = std::count_if(stats.begin(), stats.end(), [&](const HeadStats& s) { return s.role == kRoles[r]; });
    if (n == 0) continue;
    std::string c = w.role_name[r];
    c += ' ';
    c += std::to_string(n);
    counts.push_back(std::move(c));
  }
  return fill(w.role_counts, {{"count", std::to_string(stats.size())}, {"list", join(counts, w.list_sep)}});
}

std::optional<int> detail_layer(const Trace& trace) {
  const std::vector<int>& layers = trace.model->captured_layers;
  if (layers.size() != 1) return std::nullopt;
  return layers.front();
}

bool shown_in_full(const Trace& trace, const Step& step) {
  if (!step.layer || step.layer != detail_layer(trace)) return false;
  return !step.head || trace.model->captured_heads.size() == 1;
}

std::string model_step_name(const Step& step) {
  std::string name(to_string(step.name));
  if (step.layer) {
    name += " · layer ";
    name += std::to_string(*step.layer);
  }
  if (step.head) {
    name += " · head ";
    name += std::to_string(*step.head);
  }
  return name;
}

std::optional<RolloutText> rollout_text(const Trace& trace, const Words& w, const Vars& vars, int max_rows) {
  if (!trace.rollout) return std::nullopt;
  const Matrix& R = trace.rollout->value;  // [n, n]: R[q, k] = how much of input token k reaches token q
  RolloutText r;
  r.heading = fill(w.rollout_heading, vars);
  r.intro = fill(w.rollout, vars);
  for (Index q : visible_indices(R.rows(), max_rows)) {
    if (q < 0) {
      r.items.emplace_back("…");
      continue;
    }
    Index k = 0;
    R.row(q).maxCoeff(&k);
    std::string item = trace.rollout->row_labels[static_cast<std::size_t>(q)];
    item += "←";
    item += trace.rollout->col_labels[static_cast<std::size_t>(k)];
    item += " (";
    item += format_number(R(q, k), 2);
    item += ')';
    r.items.push_back(std::move(item));
  }
  r.cut = cut_note(w, R.rows(), max_rows);
  return r;
}

std::string predictions_line(const Trace& trace, const Words& w) {
  if (trace.predictions.empty()) return {};
  std::vector<std::string> items;
  for (const Prediction& p : trace.predictions) {
    std::string item = "'";
    item += p.token;
    item += "' ";
    item += format_number(100.0f * p.probability, 1);
    item += '%';
    items.push_back(std::move(item));
  }
  return fill(w.predictions, {{"list", join(items, w.list_sep)}});
}

void walk_model(const Trace& trace, const Words& w, const Vars& vars, int max_rows, ModelView& view) {
  view.intro(model_paragraphs(trace, w, vars));
  view.tokens();
  const auto in_block = [](const Step& s) { return s.layer.has_value(); };
  const auto first = std::find_if(trace.steps.begin(), trace.steps.end(), in_block);
  const auto last = std::find_if(trace.steps.rbegin(), trace.steps.rend(), in_block).base();
  for (auto it = trace.steps.begin(); it != first; ++it) view.step(*it, false);  // embed, position
  view.block(block_text(trace, w, vars));

  const std::vector<HeadStats> stats = shown_head_stats(trace);
  const std::vector<HeadTable> tables = head_tables(trace, stats, w, max_rows);
  if (!tables.empty()) view.heads_intro(heads_intro(w));
  std::vector<int> layers = trace.layers();
  for (const HeadTable& t : tables) layers.push_back(t.layer);
  std::sort(layers.begin(), layers.end());
  layers.erase(std::unique(layers.begin(), layers.end()), layers.end());
  for (int l : layers) {
    for (const HeadTable& t : tables)
      if (t.layer == l) view.layer(t);
    if (l != detail_layer(trace)) continue;
    view.detail(l);
    for (const Step& s : trace.steps)
      if (s.layer == l && shown_in_full(trace, s)) view.step(s, true);
  }
  if (const std::string counts = role_counts(stats, w); !counts.empty()) view.roles(counts);
  for (auto it = std::max(first, last); it != trace.steps.end(); ++it) view.step(*it, false);  // the final layer_norm

  if (const auto r = rollout_text(trace, w, vars, max_rows)) view.rollout(*r);
  if (const std::string p = predictions_line(trace, w); !p.empty()) view.predictions(p);
  view.more(fill(w.more, vars));
}

}  // namespace mha
