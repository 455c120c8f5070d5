// A --model run's explanation. A model has too many heads to walk one by one
// (GPT-2 small: 12 blocks × 12 heads), so it is explained by what each head
// does (model/analysis.hpp), how the tokens mix over all blocks (the
// rollout) and, for GPT-2, what it predicts; a layer's steps in full only
// when one layer is captured.
#include <algorithm>
#include <optional>

#include "mha/explain/detail/build.hpp"
#include "mha/model/analysis.hpp"

namespace mha::explain_detail {

namespace {

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

Section part(Part p, std::string heading = {}) {
  Section s;
  s.part = p;
  s.heading = std::move(heading);
  return s;
}

// BERT: "Token types (BERT's segments): 0 for tokens 0–6, 1 for tokens 7–9."; "" otherwise.
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

// How one block works: the prose, the formulas (the same in every language), more prose.
Section block(const Trace& trace, const Words& w, const Vars& vars) {
  const bool gpt2 = trace.model->type == "gpt2";
  Section s = part(Part::block, fill(w.block_heading, vars));
  s.blocks.emplace_back(Paragraph{fill(gpt2 ? w.gpt2_block : w.bert_block, vars)});
  if (gpt2)
    s.blocks.emplace_back(Formulas{{"h′ = h + attn(LN₁(h))", "h  = h′ + mlp(LN₂(h′)),   mlp(x) = GELU(x·W₁ + b₁)·W₂ + b₂"}});
  else
    s.blocks.emplace_back(Formulas{{"a  = LN₁(x + attn(x))", "x′ = LN₂(a + mlp(a)),   mlp(x) = GELU(x·W₁ + b₁)·W₂ + b₂"}});
  s.blocks.emplace_back(Paragraph{fill(gpt2 ? w.gpt2_block_after : w.bert_block_after, vars)});
  return s;
}

// A section with a table for each layer that has statistics, ascending.
std::vector<Section> layer_sections(const Trace& trace, const std::vector<HeadStats>& stats, const Words& w,
                                    int max_rows) {
  std::vector<Section> layers;
  const auto queries = visible_indices(static_cast<Index>(trace.tokens.size()), max_rows);
  for (const HeadStats& s : stats) {
    if (layers.empty() || layers.back().layer != s.layer) {
      layers.push_back(part(Part::layer));
      layers.back().layer = s.layer;
      layers.back().blocks.emplace_back(HeadTable{{w.col_head, w.col_entropy, w.col_role, w.col_looks}, {}, {}});
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
      std::string look = trace.tokens[static_cast<std::size_t>(q)].shown();
      look += "→";
      const auto query = static_cast<std::size_t>(q);
      const int k = query < s.top_key.size() ? s.top_key[query] : -1;
      look += k < 0 ? "—" : trace.key_tokens()[static_cast<std::size_t>(k)].shown();  // —: a fully masked row looks nowhere
      row.looks.push_back(std::move(look));
    }
    std::get<HeadTable>(layers.back().blocks.back()).rows.push_back(std::move(row));
  }
  const std::string cut = cut_note(w, static_cast<Index>(trace.tokens.size()), max_rows);
  for (Section& l : layers) {
    HeadTable& t = std::get<HeadTable>(l.blocks.back());
    const std::string count = std::to_string(t.rows.size());
    l.heading = fill(t.rows.size() == 1 ? w.layer_heading_one : w.layer_heading,
                     {{"l", std::to_string(*l.layer)}, {"count", count}, {"i", t.rows[0].head}});
    // The picture of the layer's heads side by side (one head: its weights).
    l.figure = t.rows.size() == 1 ? fill(w.weights_table, {{"i", t.rows[0].head}}) : fill(w.all_heads, {{"h", count}});
    t.cut = cut;
  }
  return layers;
}

// "Roles of the 144 heads above: previous 5, first 80, …" (the roles that occur); "" for fewer than two heads.
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

// The heads ranked by each metric, highest first (ties: by layer, then head),
// the top kRankedHeads of each.
constexpr std::size_t kRankedHeads = 6;  // a row stays within 100 terminal columns
static_assert(sizeof(Words::metric_name) / sizeof(std::string) == kHeadMetricCount, "a name for each metric");
Section metrics_section(const Trace& trace, const std::vector<HeadStats>& stats, const Words& w) {
  Section s = part(Part::metrics, w.metrics_heading);
  s.blocks.emplace_back(Paragraph{fill(w.metrics_intro, {{"top", std::to_string(kRankedHeads)}})});
  if (const auto& p = trace.induction_probe)
    s.blocks.emplace_back(Paragraph{fill(w.metrics_probe, {{"n", std::to_string(p->length)},
                                                           {"seed", std::to_string(p->seed)},
                                                           {"vocab", std::to_string(trace.model->vocab_size)},
                                                           {"total", std::to_string(p->ids.size())}})});
  Rows rows;
  for (std::size_t m = 0; m < kHeadMetricCount; ++m) {
    if (kHeadMetrics[m] == "separator" && trace.model->type != "bert") continue;
    if (!head_metric(stats.front(), m)) continue;
    std::vector<const HeadStats*> order;
    for (const HeadStats& h : stats) order.push_back(&h);
    std::stable_sort(order.begin(), order.end(),
                     [m](const HeadStats* a, const HeadStats* b) { return *head_metric(*a, m) > *head_metric(*b, m); });
    Rows::Row row{w.metric_name[m], {}};
    for (std::size_t k = 0; k < order.size() && k < kRankedHeads; ++k) {
      std::string item = std::to_string(order[k]->layer);
      item += '.';
      item += std::to_string(order[k]->head);
      item += ' ';
      item += format_number(*head_metric(*order[k], m), 2);
      row.items.push_back(std::move(item));
    }
    rows.rows.push_back(std::move(row));
  }
  s.blocks.emplace_back(std::move(rows));
  if (stats.front().duplicate_rows == 0) s.blocks.emplace_back(Note{w.metrics_no_duplicate});
  return s;
}

// Which layer is shown step by step: the captured one when only one is.
std::optional<int> detail_layer(const Trace& trace) {
  const std::vector<int>& layers = trace.model->captured_layers;
  if (layers.size() != 1) return std::nullopt;
  return layers.front();
}

// The rollout: how to read it, and for each shown token the input token it
// draws on most ("mat←cat (0.41)").
Section rollout(const Trace& trace, const Words& w, const Vars& vars, int max_rows) {
  const Matrix& R = trace.rollout->value;  // [n, n]: R[q, k] = how much of input token k reaches token q
  Section s = part(Part::rollout, fill(w.rollout_heading, vars));
  s.figure = s.heading;
  s.blocks.emplace_back(Paragraph{fill(w.rollout, vars)});
  Items items;
  for (Index q : visible_indices(R.rows(), max_rows)) {
    if (q < 0) {
      items.items.emplace_back("…");
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
    items.items.push_back(std::move(item));
  }
  s.blocks.emplace_back(std::move(items));
  if (std::string cut = cut_note(w, R.rows(), max_rows); !cut.empty()) s.blocks.emplace_back(Note{std::move(cut)});
  return s;
}

// GPT-2: "… next tokens …: ' the' 12.3%, ' a' 5.1%".
std::string predictions_line(const Trace& trace, const Words& w, const Vars& vars) {
  std::vector<std::string> items;
  for (const Prediction& p : trace.predictions) {
    std::string item = "'";
    item += p.token;
    item += "' ";
    item += format_number(100.0f * p.probability, 1);
    item += '%';
    items.push_back(std::move(item));
  }
  Vars v = vars;
  v["list"] = join(items, w.list_sep);
  return fill(is_decoder(trace) ? w.decoder_predictions : w.predictions, v);
}

}  // namespace

void model_sections(Builder& b, Document& doc) {
  const Trace& trace = b.trace;
  const Words& w = b.w;
  if (is_decoder(trace)) decoder_vars(trace, w, b.vars);
  doc.config = fill(is_decoder(trace) ? w.decoder_config : w.model_config, b.vars);
  doc.paragraphs = option_paragraphs(trace, w, b.vars);
  if (trace.model->truncated) doc.paragraphs.push_back(fill(w.truncated, b.vars));
  const bool grouped = is_decoder(trace) && trace.model->decoder->kv_heads < trace.model->heads;
  doc.paragraphs.push_back(fill(grouped ? w.model_slice_gqa : w.model_slice, b.vars));

  Section tokenize = b.numbered(StepName::tokenize, "tokenize");
  b.tokens(tokenize, fill(w.model_tokenize, b.vars));
  if (std::string types = token_types_sentence(trace, w); !types.empty())
    tokenize.blocks.emplace_back(Paragraph{std::move(types)});
  doc.sections.push_back(std::move(tokenize));

  // The steps --steps kept outside the blocks: embed, position before them, the final layer_norm after.
  const auto in_block = [](const Step& s) { return s.layer.has_value(); };
  const auto first = std::find_if(trace.steps.begin(), trace.steps.end(), in_block);
  const auto last = std::find_if(trace.steps.rbegin(), trace.steps.rend(), in_block).base();
  for (auto it = trace.steps.begin(); it != first; ++it) doc.sections.push_back(b.step(*it));
  if (is_decoder(trace)) {
    doc.sections.push_back(decoder_block(b));
    for (Section& s : decoder_parts(b)) doc.sections.push_back(std::move(s));
  } else {
    doc.sections.push_back(block(trace, w, b.vars));
  }

  const std::vector<HeadStats> stats = trace.head_stats.empty() ? all_head_stats(trace) : trace.head_stats;
  std::vector<Section> tables = layer_sections(trace, stats, w, b.max_rows);
  if (!tables.empty()) {
    doc.sections.push_back(part(Part::heads_intro));
    doc.sections.back().blocks.emplace_back(
        Paragraph{fill(w.heads_intro, {{"share", percent(kRoleShare)}, {"broad", percent(kBroadFraction)}})});
  }
  std::vector<int> layers = trace.layers();
  for (const Section& t : tables) layers.push_back(*t.layer);
  std::sort(layers.begin(), layers.end());
  layers.erase(std::unique(layers.begin(), layers.end()), layers.end());
  const std::optional<int> detail = detail_layer(trace);
  const std::vector<int>& heads = trace.model->captured_heads;
  for (int l : layers) {
    for (Section& t : tables)
      if (t.layer == l) doc.sections.push_back(std::move(t));
    if (l != detail) continue;
    // The captured layer in full: its layer-wide steps, and a head's when only one head is.
    Section full = part(Part::detail, fill(w.detail_heading, {{"l", std::to_string(l)}}));
    full.layer = l;
    if (heads.size() == 1) {
      full.head = heads.front();
      full.blocks.emplace_back(Paragraph{fill(w.follow, {{"tok", b.tok(b.last())}})});
    }
    for (const Step& s : trace.steps)
      if (s.layer == l && (!s.head || heads.size() == 1)) full.subsections.push_back(b.step(s));
    doc.sections.push_back(std::move(full));
  }
  if (std::string counts = role_counts(stats, w); !counts.empty()) {
    doc.sections.push_back(part(Part::roles, w.roles_heading));
    doc.sections.back().figure = w.roles_heading;
    doc.sections.back().blocks.emplace_back(Paragraph{std::move(counts)});
    if (is_decoder(trace)) doc.sections.back().blocks.emplace_back(Paragraph{sink_sentence(trace, stats, w)});
  }
  if (!stats.empty()) doc.sections.push_back(metrics_section(trace, stats, w));
  for (auto it = std::max(first, last); it != trace.steps.end(); ++it) doc.sections.push_back(b.step(*it));

  if (trace.rollout) doc.sections.push_back(rollout(trace, w, b.vars, b.max_rows));
  if (!trace.predictions.empty()) {
    doc.sections.push_back(part(Part::predictions, is_decoder(trace) ? fill(w.decoder_next_heading, b.vars) : w.next_heading));
    doc.sections.back().blocks.emplace_back(Paragraph{predictions_line(trace, w, b.vars)});
  }
  doc.sections.push_back(part(Part::more));
  doc.sections.back().blocks.emplace_back(Paragraph{fill(w.more, b.vars)});
}

}  // namespace mha::explain_detail
