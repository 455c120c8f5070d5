#include "mha/explain.hpp"

#include <cmath>
#include <map>

#include "mha/error.hpp"
#include "mha/explain_words.hpp"
#include "mha/utf8.hpp"
#include "mha/version.hpp"

namespace mha {

Lang lang_from_string(std::string_view s) {
  if (s == "en") return Lang::en;
  if (s == "zh") return Lang::zh;
  throw InputError("unknown language '" + std::string(s) + "'; expected en or zh");
}

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

class Writer {
 public:
  Writer(const Trace& t, const ExplainOptions& o)
      : trace_(t), opt_(o), w_(words(o.lang)), vars_(trace_vars(t, o.table.precision)) {}

  std::string run() {
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

  void step(const Step& s) {
    std::string name(to_string(s.name));
    if (s.head) name += " · head " + std::to_string(*s.head);
    heading(name, s.formula, &s.tensor.value);
    if (const std::string m = step_meaning(trace_, s, w_, vars_); !m.empty()) para(m);
    if (s.name == StepName::softmax) line(w_.row_sums);
    bool shown = false;
    for (const std::string& p : step_parameters(s)) {
      if (const Parameter* par = trace_.parameter(p)) {
        line(opt_.table.indent + parameter_symbol(p) + "   [" + shape(par->tensor.value) + "]");
        table(par->tensor);
        shown = true;
      }
    }
    if (shown) line(opt_.table.indent + s.symbol + ":");
    table(s.tensor);
    if (s.name == StepName::project_q || s.name == StepName::output) product_example(s);
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

    const Matrix& Qi = trace_.find(StepName::split_heads, i, "Q_" + si)->tensor.value;
    const Matrix& Ki = trace_.find(StepName::split_heads, i, "K_" + si)->tensor.value;
    const Matrix& Vi = trace_.find(StepName::split_heads, i, "V_" + si)->tensor.value;
    const Step& S = *trace_.find(StepName::scores, i);
    step(S);
    std::vector<std::pair<float, float>> t;
    for (Index j = 0; j < Qi.cols(); ++j) t.emplace_back(Qi(q, j), Ki(0, j));
    line(opt_.table.indent + w_.worked + ": S_" + si + "[" + tok(q) + ", " + ktok(0) + "] = Σ_j Q_" + si + "[" +
         tok(q) + ", j]·K_" + si + "[" + ktok(0) + ", j] = " + terms(t) + " = " + num(S.tensor.value(q, 0)));

    const Step& scaled = *trace_.find(StepName::scale, i);
    step(scaled);
    line(opt_.table.indent + w_.worked + ": " + scaled.symbol + "[" + tok(q) + ", " + ktok(0) + "] = " +
         num(S.tensor.value(q, 0)) + " / " + vars_.at("sqrt_dk") + " = " + num(scaled.tensor.value(q, 0)));

    const Step* masked = trace_.find(StepName::mask, i);
    if (masked) {
      step(*masked);
    } else {
      heading("mask · head " + si, "", nullptr);
      para(w_.no_mask);
    }
    const Matrix& logits = (masked ? masked : &scaled)->tensor.value;

    const Step& A = *trace_.find(StepName::softmax, i);
    heading("softmax · head " + si, A.formula, &A.tensor.value);
    para(meaning(StepName::softmax));
    line(w_.row_sums);
    line(opt_.table.indent + fill(w_.weights_table, head_vars(i)));
    table(A.tensor);
    if (opt_.heatmap) {
      line(opt_.table.indent + fill(w_.heatmap, head_vars(i)));
      out_ += terminal_heatmap(weights_with_masked_cells(trace_, i), *opt_.heatmap, opt_.table, w_.masked);
    }
    softmax_example(logits, A.tensor.value, q);

    const Step& C = *trace_.find(StepName::context, i);
    step(C);
    t.clear();
    for (Index k = 0; k < Vi.rows(); ++k) t.emplace_back(A.tensor.value(q, k), Vi(k, 0));
    line(opt_.table.indent + w_.worked + ": C_" + si + "[" + tok(q) + ", " + C.tensor.col_labels[0] + "] = Σ_k A_" +
         si + "[" + tok(q) + ", k]·V_" + si + "[k, " + C.tensor.col_labels[0] + "] = " + terms(t) + " = " +
         num(C.tensor.value(q, 0)));
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
