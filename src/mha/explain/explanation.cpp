// The explanation of a run, built once (document.hpp): the intro, then a toy
// run's walk through the layer here, a --model run's in explanation_model.cpp.
#include "mha/explain/detail/build.hpp"

namespace mha {

std::string shape_text(Index rows, Index cols) {
  std::string s = std::to_string(rows);
  s += " × ";
  s += std::to_string(cols);
  return s;
}

namespace explain_detail {
namespace {

// The toy layer: tokens, the steps before the split, the split, each head's
// steps, concat and output, and where each token looks most.
void toy_sections(Builder& b, Document& doc) {
  const Trace& trace = b.trace;
  const Words& w = b.w;
  Section tokenize = b.numbered(StepName::tokenize, "tokenize");
  b.tokens(tokenize, fill(w.step_meaning[static_cast<int>(StepName::tokenize)], b.vars));
  doc.sections.push_back(std::move(tokenize));
  for (const Step& s : trace.steps)
    if (!s.head && s.name != StepName::split_heads) {
      if (s.name == StepName::concat) break;
      doc.sections.push_back(b.step(s));
    }

  Section split = b.numbered(StepName::split_heads, "split_heads", "Q_i = Q[:, i·d_k : (i+1)·d_k]");
  split.blocks.emplace_back(Paragraph{fill(w.step_meaning[static_cast<int>(StepName::split_heads)], b.vars)});
  // Grouped-query attention: which query heads share which key/value head, and why.
  const int kv = trace.config.kv_heads;
  const bool shared = kv > 0 && kv != trace.config.heads;
  if (shared) split.blocks.emplace_back(Paragraph{fill(kv == 1 ? w.mqa : w.gqa, b.vars)});
  const std::string& owner = shared                                    ? w.split_owner_gqa
                             : trace.config.d_v == trace.config.d_k ? w.split_owner
                                                                     : w.split_owner_v;
  Bullets owners;
  for (int i = 0; i < trace.config.heads; ++i) owners.items.push_back(fill(owner, head_vars(trace, i)));
  split.blocks.emplace_back(std::move(owners));
  split.blocks.emplace_back(Callout{w.split_warning});
  doc.sections.push_back(std::move(split));

  for (int i = 0; i < trace.config.heads; ++i) {
    const std::string si = std::to_string(i);
    Section head;
    head.part = Part::head;
    head.heading = fill(shared ? w.head_heading_gqa : w.head_heading, head_vars(trace, i));
    head.head = i;
    head.blocks.emplace_back(Paragraph{fill(w.follow, {{"tok", b.tok(b.last())}})});
    for (const char* which : {"Q_", "K_", "V_"}) head.subsections.push_back(b.step(*trace.find(StepName::split_heads, i, which + si)));
    for (const char* which : {"Q_rot_", "K_rot_"})  // --positional rope
      if (const Step* s = trace.find(StepName::rope, i, which + si)) head.subsections.push_back(b.step(*s));
    for (StepName n : {StepName::scores, StepName::scale, StepName::mask, StepName::softmax, StepName::context}) {
      if (const Step* s = trace.find(n, i)) {
        head.subsections.push_back(b.step(*s));
      } else if (n == StepName::mask) {
        Section none = b.numbered(StepName::mask, "mask · head " + si);
        none.head = i;
        none.blocks.emplace_back(Paragraph{w.no_mask});
        head.subsections.push_back(std::move(none));
      }
    }
    doc.sections.push_back(std::move(head));
  }
  for (StepName n : {StepName::concat, StepName::output})
    if (const Step* s = trace.find(n)) doc.sections.push_back(b.step(*s));

  Section summary;
  summary.part = Part::summary;
  summary.heading = w.summary;
  summary.figure = fill(w.all_heads, b.vars);
  Rows rows;
  for (int i = 0; i < trace.config.heads; ++i) {
    const Matrix& A = trace.find(StepName::softmax, i)->tensor.value;
    Rows::Row row{fill(w.strongest, {{"i", std::to_string(i)}}), {}};
    for (Index q = 0; q < A.rows(); ++q) {
      Index k = 0;
      A.row(q).maxCoeff(&k);
      if (A(q, k) == 0.0f)  // a fully masked row: it looks nowhere
        row.items.push_back(b.tok(q) + "→—");
      else
        row.items.push_back(b.tok(q) + "→" + b.ktok(k) + " (" + format_number(A(q, k), 2) + ")");
    }
    rows.rows.push_back(std::move(row));
  }
  summary.blocks.emplace_back(std::move(rows));
  doc.sections.push_back(std::move(summary));
}

}  // namespace
}  // namespace explain_detail

Document explanation(const Trace& trace, Lang lang, const TableStyle& style) {
  const Words& w = words(lang);
  explain_detail::Builder b{trace, w, trace_vars(trace, style.precision), style.precision, style.max_rows};
  Document doc;
  doc.lang = lang;
  doc.model = trace.is_model();
  doc.title = fill(w.title, b.vars);
  doc.sentence_label = w.sentence;
  doc.sentence = trace.text;
  if (doc.model) {
    explain_detail::model_sections(b, doc);  // fills config and paragraphs too
  } else {
    doc.config = fill(w.config, b.vars);
    doc.paragraphs = option_paragraphs(trace, w, b.vars);
    explain_detail::toy_sections(b, doc);
  }
  return doc;
}

}  // namespace mha
