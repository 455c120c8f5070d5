#include "mha/views/terminal/explain.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "mha/core/error.hpp"
#include "mha/explain/model_walk.hpp"
#include "mha/explain/words.hpp"
#include "mha/text/utf8.hpp"
#include "mha/core/version.hpp"

namespace mha {

ExplainOptions without_colour(ExplainOptions options) {
  if (options.heatmap && options.heatmap->colour != Colour::none) {
    if (options.heatmap->cells == Cells::shades)
      options.heatmap->colour = Colour::none;
    else
      options.heatmap.reset();
  }
  return options;
}

namespace {

std::string shape(const Matrix& m) { return std::to_string(m.rows()) + " × " + std::to_string(m.cols()); }

class Writer : private ModelView {
 public:
  Writer(const Trace& t, const ExplainOptions& o)
      : trace_(t), opt_(o), w_(words(o.lang)), vars_(trace_vars(t, o.table.precision)) {}

  std::string run() {
    if (trace_.is_model()) return run_model();
    line(fill(w_.title, vars_));
    line(w_.sentence + ": " + utf8::printable(trace_.text));
    line(fill(w_.config, vars_));
    options();
    tokenize();
    for (const Step& s : trace_.steps)
      if (!s.head && s.name != StepName::split_heads) {
        if (s.name == StepName::concat) break;
        step(s);
      }
    split_overview();
    for (int i = 0; i < trace_.config.heads; ++i) head(i);
    for (StepName n : {StepName::concat, StepName::output})
      if (const Step* s = trace_.find(n)) step(*s);
    summary();
    return out_;
  }

 private:
  const Trace& trace_;
  const ExplainOptions& opt_;
  const Words& w_;
  Vars vars_;
  std::string out_;
  int number_ = 0;

  void line(const std::string& s = {}) { out_ += s + "\n"; }
  // Prose, wrapped to 100 terminal columns.
  void para(const std::string& s) {
    for (const auto& l : utf8::wrap(s, 100)) line(l);
  }
  std::string num(float v) const { return format_number(v, opt_.table.precision); }
  std::string meaning(StepName n) const { return fill(w_.step_meaning[static_cast<int>(n)], vars_); }
  std::string tok(Index i) const { return utf8::printable(trace_.tokens[static_cast<std::size_t>(i)].shown()); }
  // A key's token: the context's in cross-attention.
  std::string ktok(Index i) const {
    return utf8::printable(trace_.key_tokens()[static_cast<std::size_t>(i)].shown());
  }

  // ── A --model run (explain_model.hpp's walk_model calls the parts in
  // order): the model, its tokens, how one layer works, then what every
  // captured head does (a table per layer), the rollout and GPT-2's guess; a
  // layer's steps in full only when one layer is captured.
  std::string run_model() {
    walk_model(trace_, w_, vars_, opt_.table.max_rows, *this);
    return out_;
  }

  void intro(const std::vector<std::string>& paragraphs) override {
    line(fill(w_.title, vars_));
    para(w_.sentence + ": " + utf8::printable(trace_.text));  // a model's input may be long: wrapped
    para(fill(w_.model_config, vars_));
    for (const std::string& p : paragraphs) para(p);
  }

  void step(const Step& s, bool) override { step(s); }

  void block(const BlockText& b) override {
    section(b.heading);
    para(b.intro);
    for (const std::string& f : b.formulas) line(opt_.table.indent + f);
    para(b.after);
  }

  void heads_intro(const std::string& text) override {
    line();
    para(text);
  }

  void detail(int layer) override {
    section(fill(w_.detail_heading, {{"l", std::to_string(layer)}}));
    if (trace_.model->captured_heads.size() == 1)
      para(fill(w_.follow, {{"tok", tok(static_cast<Index>(trace_.tokens.size()) - 1)}}));
  }

  void roles(const std::string& counts) override {
    section(w_.roles_heading);
    para(counts);
  }

  void rollout(const RolloutText& r) override {
    section(r.heading);
    para(r.intro);
    for (const std::string& l : packed(r.items, opt_.table.indent)) line(l);
    if (!r.cut.empty()) line(opt_.table.indent + r.cut);
  }

  void predictions(const std::string& p) override {
    section(w_.next_heading);
    para(utf8::printable(p));
  }

  void more(const std::string& text) override {
    line();
    para(text);
  }

  void section(const std::string& title) {
    line();
    std::string l = "──── ";  // appended: GCC 12 gives a false -Wrestrict on "…" + string
    l += title;
    l += " ────";
    line(l);
  }

  // Items two spaces apart, on lines of at most 100 columns that start with `prefix`.
  std::vector<std::string> packed(const std::vector<std::string>& items, const std::string& prefix) const {
    std::vector<std::string> lines{prefix};
    const int room = std::max(40, 100 - utf8::width(prefix));
    int used = 0;
    for (const std::string& raw : items) {
      const std::string item = utf8::printable(raw);
      const int w = utf8::width(item);
      if (used > 0 && used + 2 + w > room) {
        lines.emplace_back(std::string(static_cast<std::size_t>(utf8::width(prefix)), ' '));
        used = 0;
      }
      if (used > 0) lines.back() += "  ", used += 2;
      lines.back() += item;
      used += w;
    }
    return lines;
  }

  void tokens() override {
    heading("tokenize", "", nullptr);
    para(fill(w_.model_tokenize, vars_));
    std::vector<std::string> items;
    for (std::size_t i = 0; i < trace_.tokens.size(); ++i) items.push_back(token_item(trace_, i));
    for (const std::string& l : packed(items, opt_.table.indent)) line(l);
    line(opt_.table.indent + fill(w_.tokens_count, vars_));
    if (const std::string types = token_types_sentence(trace_, w_); !types.empty()) para(types);
  }

  // One layer's heads: a row each, the columns padded to their widest cell;
  // the last column (where each token looks) wraps under itself.
  void layer(const HeadTable& t) override {
    section(t.heading);
    const std::vector<std::string> header = head_columns(w_);
    int widths[3] = {};
    for (int c = 0; c < 3; ++c) widths[c] = utf8::width(header[static_cast<std::size_t>(c)]);
    for (const HeadRow& r : t.rows) {
      widths[0] = std::max(widths[0], utf8::width(r.head));
      widths[1] = std::max(widths[1], utf8::width(r.entropy));
      widths[2] = std::max(widths[2], utf8::width(r.role));
    }
    auto cells = [&](const std::string& a, const std::string& b, const std::string& c) {
      return opt_.table.indent + utf8::pad_right(a, widths[0]) + "  " + utf8::pad_right(b, widths[1]) + "  " +
             utf8::pad_right(c, widths[2]) + "  ";
    };
    line(cells(header[0], header[1], header[2]) + header[3]);
    for (const HeadRow& r : t.rows) {
      const std::string start = cells(r.head, r.entropy, r.role);
      std::vector<std::string> lines = packed(r.looks, start);
      for (const std::string& l : lines) line(l);
    }
    if (!t.cut.empty()) line(opt_.table.indent + t.cut);
  }

  void heading(const std::string& name, const std::string& formula, const Matrix* m) {
    line();
    std::string h = "[";  // appended piece by piece: GCC 12 gives a false -Wrestrict on "[" + string
    h += std::to_string(++number_) + "] " + name;
    if (!formula.empty()) h += "   " + formula;
    if (m) h += "   [" + shape(*m) + "]";
    line(h);
  }

  void table(const LabelledMatrix& m) {
    const TableText t = format_table(m, opt_.table);
    out_ += t.text;
    const int shown_cols = opt_.table.max_cols, shown_rows = opt_.table.max_rows;
    if (t.cut_cols)
      line(opt_.table.indent + fill(w_.cut_cols, {{"shown", std::to_string(shown_cols)},
                                                   {"all", std::to_string(m.value.cols())}}));
    if (t.cut_rows)
      line(opt_.table.indent + fill(w_.cut_rows, {{"shown", std::to_string(shown_rows)},
                                                   {"all", std::to_string(m.value.rows())}}));
  }

  // A step in full: heading, meaning, the parameters it uses, its matrix,
  // the heatmap of a head's weights, and its worked example. A model's steps
  // inside a block show no parameters: those are the checkpoint's, not in the trace.
  void step(const Step& s) {
    heading(model_step_name(s), s.formula, &s.tensor.value);
    if (const std::string m = step_meaning(trace_, s, w_, vars_); !m.empty()) para(m);
    if (s.name == StepName::softmax) {
      line(w_.row_sums);
      line(opt_.table.indent + fill(w_.weights_table, head_vars(*s.head)));
    }
    bool shown = false;
    for (const std::string& p : s.layer ? std::vector<std::string>{} : step_parameters(s)) {
      if (const Parameter* par = trace_.parameter(p)) {
        line(opt_.table.indent + parameter_symbol(p) + "   [" + shape(par->tensor.value) + "]");
        table(par->tensor);
        shown = true;
      }
    }
    if (shown) line(opt_.table.indent + s.symbol + ":");
    table(s.tensor);
    if (s.name == StepName::softmax && opt_.heatmap) {
      line(opt_.table.indent + fill(w_.heatmap, head_vars(*s.head)));
      const LabelledMatrix shown_weights = weights_with_masked_cells(trace_, *s.head, s.layer);
      out_ += terminal_heatmap(shown_weights, *opt_.heatmap, opt_.table, w_.masked);
    }
    worked(s);
  }

  // One number of the step recomputed from the steps before it, for the last
  // token, when the trace holds those steps (a model run keeps what --steps chose).
  void worked(const Step& s) {
    if (!s.head) {
      if (!s.layer && (s.name == StepName::project_q || s.name == StepName::output)) product_example(s);
      return;
    }
    const std::string si = std::to_string(*s.head);
    const Index q = static_cast<Index>(trace_.tokens.size()) - 1;  // the token we follow
    auto find = [&](StepName n, const std::string& symbol = {}) { return trace_.find(n, s.head, symbol, s.layer); };
    std::vector<std::pair<float, float>> t;
    switch (s.name) {
      case StepName::scores: {
        const Step* Qi = find(StepName::split_heads, "Q_" + si);
        const Step* Ki = find(StepName::split_heads, "K_" + si);
        if (!Qi || !Ki) return;
        for (Index j = 0; j < Qi->tensor.value.cols(); ++j) t.emplace_back(Qi->tensor.value(q, j), Ki->tensor.value(0, j));
        line(opt_.table.indent + w_.worked + ": S_" + si + "[" + tok(q) + ", " + ktok(0) + "] = Σ_j Q_" + si + "[" +
             tok(q) + ", j]·K_" + si + "[" + ktok(0) + ", j] = " + terms(t) + " = " + num(s.tensor.value(q, 0)));
        return;
      }
      case StepName::scale:
        if (const Step* S = find(StepName::scores))
          line(opt_.table.indent + w_.worked + ": " + s.symbol + "[" + tok(q) + ", " + ktok(0) + "] = " +
               num(S->tensor.value(q, 0)) + " / " + vars_.at("sqrt_dk") + " = " + num(s.tensor.value(q, 0)));
        return;
      case StepName::softmax: {
        const Step* logits = find(StepName::mask);
        if (!logits) logits = find(StepName::scale);
        if (logits) softmax_example(logits->tensor.value, s.tensor.value, q);
        return;
      }
      case StepName::context: {
        const Step* A = find(StepName::softmax);
        const Step* Vi = find(StepName::split_heads, "V_" + si);
        if (!A || !Vi) return;
        for (Index k = 0; k < Vi->tensor.value.rows(); ++k) t.emplace_back(A->tensor.value(q, k), Vi->tensor.value(k, 0));
        const std::string& col = s.tensor.col_labels[0];
        line(opt_.table.indent + w_.worked + ": C_" + si + "[" + tok(q) + ", " + col + "] = Σ_k A_" + si + "[" +
             tok(q) + ", k]·V_" + si + "[k, " + col + "] = " + terms(t) + " = " + num(s.tensor.value(q, 0)));
        return;
      }
      default:
        return;
    }
  }

  // Q[q, 0] = Σ_j X[q, j]·W_Q[j, 0] (or Y from Z and W_O), for the last token.
  void product_example(const Step& s) {
    const bool out = s.name == StepName::output;
    const Step* in = trace_.find(out ? StepName::concat : StepName::position);
    const Parameter* W = trace_.parameter(out ? "W_O" : "W_Q");
    if (!in || !W) return;
    const Index q = s.tensor.value.rows() - 1;
    std::vector<std::pair<float, float>> t;
    for (Index j = 0; j < W->tensor.value.rows(); ++j) t.emplace_back(in->tensor.value(q, j), W->tensor.value(j, 0));
    const Parameter* b = trace_.parameter(out ? "b_O" : "b_Q");
    const std::string plus_b = b ? " + " + b->name + "[0]" : "";
    line(opt_.table.indent + w_.worked + ": " + s.symbol + "[" + tok(q) + ", 0] = Σ_j " + in->symbol + "[" + tok(q) +
         ", j]·" + W->name + "[j, 0]" + plus_b + " = " + terms(t) +
         (b ? " + (" + num(b->tensor.value(0, 0)) + ")" : "") + " = " + num(s.tensor.value(q, 0)));
  }

  // The options this run uses beyond the plain layer, one paragraph each.
  void options() {
    for (const std::string& p : option_paragraphs(trace_, w_, vars_)) para(p);
  }

  void tokenize() {
    heading("tokenize", "", nullptr);
    para(meaning(StepName::tokenize));
    std::string list = opt_.table.indent;
    for (std::size_t i = 0; i < trace_.tokens.size(); ++i)
      list += (i ? "  [" : "[") + std::to_string(i) + "] " + tok(static_cast<Index>(i));
    line(list);
    line(opt_.table.indent + fill(w_.tokens_count, vars_));
    if (trace_.cross()) {
      list = opt_.table.indent + w_.context_tokens + ":";
      for (std::size_t i = 0; i < trace_.context_tokens.size(); ++i)
        list += "  [" + std::to_string(i) + "] " + ktok(static_cast<Index>(i));
      line(list);
    }
  }

  Vars head_vars(int i) const { return mha::head_vars(trace_, i); }

  void split_overview() {
    heading("split_heads", "Q_i = Q[:, i·d_k : (i+1)·d_k]", nullptr);
    para(meaning(StepName::split_heads));
    const std::string& owner = trace_.config.d_v == trace_.config.d_k ? w_.split_owner : w_.split_owner_v;
    for (int i = 0; i < trace_.config.heads; ++i) line(opt_.table.indent + fill(owner, head_vars(i)));
    para(w_.split_warning);
  }

  // "(a)(b) + (c)(d) + … (N more)": the first terms of a dot product.
  std::string terms(const std::vector<std::pair<float, float>>& t) const {
    std::string s;
    const std::size_t shown = t.size() <= 6 ? t.size() : 4;
    for (std::size_t j = 0; j < shown; ++j)
      s += (j ? " + " : "") + std::string("(") + num(t[j].first) + ")(" + num(t[j].second) + ")";
    if (t.size() > shown) s += " + … (" + fill(w_.more_terms, {{"n", std::to_string(t.size() - shown)}}) + ")";
    return s;
  }

  void head(int i) {
    const std::string si = std::to_string(i);
    line();
    line("──── " + fill(w_.head_heading, head_vars(i)) + " ────");
    const Index q = static_cast<Index>(trace_.tokens.size()) - 1;  // the token we follow
    para(fill(w_.follow, {{"tok", tok(q)}}));
    for (const char* which : {"Q_", "K_", "V_"}) step(*trace_.find(StepName::split_heads, i, which + si));
    for (StepName n : {StepName::scores, StepName::scale, StepName::mask, StepName::softmax, StepName::context}) {
      if (const Step* s = trace_.find(n, i)) {
        step(*s);
      } else if (n == StepName::mask) {
        heading("mask · head " + si, "", nullptr);
        para(w_.no_mask);
      }
    }
  }

  void softmax_example(const Matrix& logits, const Matrix& A, Index q) {
    const float m = logits.row(q).maxCoeff();
    if (!std::isfinite(m)) {
      line(opt_.table.indent + w_.worked + " (" + tok(q) + "): " + w_.row_masked);
      return;
    }
    std::string e = "[", a = "[";
    double sum = 0;
    for (Index k = 0; k < logits.cols(); ++k) {
      const double x = std::isinf(logits(q, k)) ? 0.0 : std::exp(static_cast<double>(logits(q, k) - m));
      sum += x;
      if (k) e += ", ", a += ", ";
      e += num(static_cast<float>(x));
      a += num(A(q, k));
    }
    line(opt_.table.indent + w_.worked + " (" + tok(q) + "): max = " + num(m) + "; exp(row − max) = " + e +
         "]; sum = " + num(static_cast<float>(sum)) + "; ÷ sum = " + a + "]");
  }

  void summary() {
    line();
    line(w_.summary);
    for (int i = 0; i < trace_.config.heads; ++i) {
      const Matrix& A = trace_.find(StepName::softmax, i)->tensor.value;
      std::string s = opt_.table.indent + fill(w_.strongest, {{"i", std::to_string(i)}}) + ":";
      for (Index q = 0; q < A.rows(); ++q) {
        Index k = 0;
        A.row(q).maxCoeff(&k);
        if (A(q, k) == 0.0f)  // a fully masked row: it looks nowhere
          s += "  " + tok(q) + "→—";
        else
          s += "  " + tok(q) + "→" + ktok(k) + " (" + format_number(A(q, k), 2) + ")";
      }
      line(s);
    }
  }
};

}  // namespace

std::string explain(const Trace& trace, const ExplainOptions& options) { return Writer(trace, options).run(); }

}  // namespace mha
