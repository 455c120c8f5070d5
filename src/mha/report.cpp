#include "mha/report.hpp"

#include "mha/explain_words.hpp"
#include "mha/utf8.hpp"

namespace mha {

std::string markdown_escape(std::string_view text) {
  std::string out;
  for (const char c : utf8::printable(text)) {
    if (std::string_view("\\`*_[]<>|#~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

namespace {

std::string shape(const Matrix& m) {
  std::string s = std::to_string(m.rows());
  s += " × ";
  s += std::to_string(m.cols());
  return s;
}

class ReportWriter {
 public:
  ReportWriter(const Trace& t, const ReportOptions& o)
      : trace_(t), opt_(o), w_(words(o.lang)), vars_(trace_vars(t, o.table.precision)) {}

  std::string run() {
    heading(1, fill(w_.title, vars_));
    std::string sentence = "**";
    sentence += w_.sentence;
    sentence += "**: ";
    sentence += markdown_escape(trace_.text);
    para(sentence);
    para(markdown_escape(fill(w_.config, vars_)));
    for (const std::string& p : option_paragraphs(trace_, w_, vars_)) para(markdown_escape(p));
    tokenize();
    for (const Step& s : trace_.steps)
      if (!s.head && s.name != StepName::split_heads) {
        if (s.name == StepName::concat) break;
        step(s, 2);
      }
    split_overview();
    for (int i = 0; i < trace_.config.heads; ++i) head(i);
    for (StepName n : {StepName::concat, StepName::output})
      if (const Step* s = trace_.find(n)) step(*s, 2);
    summary();
    return out_;
  }

 private:
  const Trace& trace_;
  const ReportOptions& opt_;
  const Words& w_;
  Vars vars_;
  std::string out_;
  int number_ = 0;

  void para(const std::string& text) {
    out_ += text;
    out_ += "\n\n";
  }
  void heading(int level, const std::string& text) {
    out_ += std::string(static_cast<std::size_t>(level), '#');
    out_ += ' ';
    para(text);
  }
  // "## 3. position": numbered like the explanation's "[3] position".
  void step_heading(int level, const std::string& name) {
    std::string h = std::to_string(++number_);
    h += ". ";
    h += name;
    heading(level, h);
  }
  static std::string code(const std::string& s) {
    std::string c = "`";
    c += s;
    c += '`';
    return c;
  }

  // A markdown table: the corner empty, column labels, then one row a token.
  void table(const LabelledMatrix& m) {
    const auto rows = visible_indices(m.value.rows(), opt_.table.max_rows);
    const auto cols = visible_indices(m.value.cols(), opt_.table.max_cols);
    auto label = [&](const Labels& l, Index i, const char* cut) {
      return i < 0 ? std::string(cut) : markdown_escape(utf8::fit(l[static_cast<std::size_t>(i)], opt_.table.label_width));
    };
    std::string t = "|  |", rule = "|---|";
    for (Index c : cols) {
      t += ' ';
      t += label(m.col_labels, c, "…");
      t += " |";
      rule += c < 0 ? ":---:|" : "---:|";
    }
    t += '\n';
    t += rule;
    t += '\n';
    for (Index r : rows) {
      t += "| ";
      t += label(m.row_labels, r, "⋮");
      t += " |";
      for (Index c : cols) {
        t += ' ';
        t += r < 0 ? (c < 0 ? "" : "⋮") : c < 0 ? "…" : format_number(m.value(r, c), opt_.table.precision);
        t += " |";
      }
      t += '\n';
    }
    para(t.substr(0, t.size() - 1));
    if (cols.size() != static_cast<std::size_t>(m.value.cols()))
      para(markdown_escape(fill(w_.cut_cols, {{"shown", std::to_string(opt_.table.max_cols)},
                                              {"all", std::to_string(m.value.cols())}})));
    if (rows.size() != static_cast<std::size_t>(m.value.rows()))
      para(markdown_escape(fill(w_.cut_rows, {{"shown", std::to_string(opt_.table.max_rows)},
                                              {"all", std::to_string(m.value.rows())}})));
  }

  void picture(const std::string& alt, const std::string& file) {
    std::string p = "![";
    p += markdown_escape(alt);
    p += "](";
    p += opt_.picture_dir;
    p += '/';
    p += file;
    p += ')';
    para(p);
  }

  // Heading, formula and shape, meaning, the parameters it uses, the result.
  void step(const Step& s, int level) {
    std::string name(to_string(s.name));
    if (s.head) name += " · head " + std::to_string(*s.head);
    if (s.name == StepName::split_heads) name += " · " + s.symbol;  // three slices: Q_i, K_i, V_i
    step_heading(level, name);
    para(code(s.formula) + " · [" + shape(s.tensor.value) + "]");
    if (const std::string m = step_meaning(trace_, s, w_, vars_); !m.empty()) para(markdown_escape(m));
    if (s.name == StepName::softmax) para(markdown_escape(w_.row_sums));
    for (const std::string& p : step_parameters(s))
      if (const Parameter* par = trace_.parameter(p)) {
        para(code(parameter_symbol(p)) + " · [" + shape(par->tensor.value) + "]");
        table(par->tensor);
      }
    if (!step_parameters(s).empty()) para(code(s.symbol) + ":");
    table(s.tensor);
  }

  void tokenize() {
    step_heading(2, "tokenize");
    para(markdown_escape(fill(w_.step_meaning[static_cast<int>(StepName::tokenize)], vars_)));
    auto list = [&](const std::vector<Token>& tokens) {
      std::string l;
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i) l += " · ";
        l += code(std::to_string(i)) + " " + markdown_escape(tokens[i].shown());
      }
      return l;
    };
    para(list(trace_.tokens));
    para(markdown_escape(fill(w_.tokens_count, vars_)));
    if (trace_.cross()) para(markdown_escape(w_.context_tokens) + ": " + list(trace_.context_tokens));
  }

  void split_overview() {
    step_heading(2, "split_heads");
    para(code("Q_i = Q[:, i·d_k : (i+1)·d_k]"));
    para(markdown_escape(fill(w_.step_meaning[static_cast<int>(StepName::split_heads)], vars_)));
    const std::string& owner = trace_.config.d_v == trace_.config.d_k ? w_.split_owner : w_.split_owner_v;
    std::string list;
    for (int i = 0; i < trace_.config.heads; ++i) {
      list += "- ";
      list += markdown_escape(fill(owner, head_vars(trace_, i)));
      list += '\n';
    }
    para(list.substr(0, list.size() - 1));
    std::string quote = "> ";
    quote += markdown_escape(w_.split_warning);
    para(quote);
  }

  void head(int i) {
    const std::string si = std::to_string(i);
    heading(2, fill(w_.head_heading, head_vars(trace_, i)));
    const Index q = static_cast<Index>(trace_.tokens.size()) - 1;
    para(markdown_escape(fill(w_.follow, {{"tok", trace_.tokens[static_cast<std::size_t>(q)].shown()}})));
    for (const char* which : {"Q_", "K_", "V_"}) step(*trace_.find(StepName::split_heads, i, which + si), 3);
    step(*trace_.find(StepName::scores, i), 3);
    step(*trace_.find(StepName::scale, i), 3);
    if (const Step* masked = trace_.find(StepName::mask, i)) {
      step(*masked, 3);
    } else {
      step_heading(3, "mask · head " + si);
      para(markdown_escape(w_.no_mask));
    }
    step(*trace_.find(StepName::softmax, i), 3);
    const std::string prefix = "layer0-head" + si + "-";
    for (const std::string& file : opt_.pictures)
      if (file.starts_with(prefix))
        picture(file.ends_with("-softmax.png") ? fill(w_.weights_table, head_vars(trace_, i)) : file, file);
    step(*trace_.find(StepName::context, i), 3);
  }

  void summary() {
    heading(2, w_.summary);
    std::string list;
    for (int i = 0; i < trace_.config.heads; ++i) {
      const Matrix& A = trace_.find(StepName::softmax, i)->tensor.value;
      list += "- ";
      list += markdown_escape(fill(w_.strongest, {{"i", std::to_string(i)}}));
      list += ':';
      for (Index q = 0; q < A.rows(); ++q) {
        Index k = 0;
        A.row(q).maxCoeff(&k);
        list += ' ';
        list += markdown_escape(trace_.tokens[static_cast<std::size_t>(q)].shown());
        list += "→";
        if (A(q, k) == 0.0f) {  // a fully masked row: it looks nowhere
          list += "—";
          continue;
        }
        list += markdown_escape(trace_.key_tokens()[static_cast<std::size_t>(k)].shown());
        list += " (";
        list += format_number(A(q, k), 2);
        list += ')';
      }
      list += '\n';
    }
    para(list.substr(0, list.size() - 1));
    for (const std::string& file : opt_.pictures)
      if (!file.starts_with("layer0-head")) picture(fill(w_.all_heads, vars_), file);
  }
};

}  // namespace

std::string report_markdown(const Trace& trace, const ReportOptions& options) {
  std::string md = ReportWriter(trace, options).run();
  md.pop_back();  // one newline at the end, not a blank line
  return md;
}

}  // namespace mha
