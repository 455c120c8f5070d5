#include "mha/views/report/report.hpp"

#include <algorithm>

#include "mha/explain/model_walk.hpp"
#include "mha/explain/words.hpp"
#include "mha/text/utf8.hpp"

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

class ReportWriter : private ModelView {
 public:
  ReportWriter(const Trace& t, const ReportOptions& o)
      : trace_(t), opt_(o), w_(words(o.lang)), vars_(trace_vars(t, o.table.precision)) {}

  std::string run() {
    if (trace_.is_model()) {
      walk_model(trace_, w_, vars_, opt_.table.max_rows, *this);
      return out_;
    }
    title();
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

  // ── A --model run, part by part (explain_model.hpp's walk_model): the
  // explanation's content under "##" headings, the head tables as markdown
  // tables, and the pictures where they belong: a layer's all-heads picture
  // under its table with links to its single heads, layers-x-heads under the
  // roles, rollout under the rollout; the rest at the end.
  std::vector<std::string> placed_;  // the pictures linked so far

  const std::string* find_picture(const std::string& name) {
    for (const std::string& file : opt_.pictures)
      if (file == name) return &file;
    return nullptr;
  }
  void place(const std::string& alt, const std::string& file) {
    picture(alt, file);
    placed_.push_back(file);
  }
  static std::string layer_prefix(int layer, const char* what) {
    std::string p = "layer";
    p += std::to_string(layer);
    p += what;
    return p;
  }

  void intro(const std::vector<std::string>& paragraphs) override {
    title();
    para(markdown_escape(fill(w_.model_config, vars_)));
    for (const std::string& p : paragraphs) para(markdown_escape(p));
  }

  void tokens() override {
    step_heading(2, "tokenize");
    para(markdown_escape(fill(w_.model_tokenize, vars_)));
    std::string l;
    for (std::size_t i = 0; i < trace_.tokens.size(); ++i) {
      if (i) l += " · ";
      l += markdown_escape(token_item(trace_, i));
    }
    para(l);
    para(markdown_escape(fill(w_.tokens_count, vars_)));
    if (const std::string types = token_types_sentence(trace_, w_); !types.empty()) para(markdown_escape(types));
  }

  void step(const Step& s, bool in_layer) override {
    step(s, in_layer ? 3 : 2);
    // The one captured head: the picture of this step under it, as a toy run's.
    if (!s.layer || !s.head) return;
    std::string file = layer_prefix(*s.layer, "-head");
    file += std::to_string(*s.head);
    file += '-';
    file += to_string(s.name);
    file += ".png";
    if (find_picture(file))
      place(s.name == StepName::softmax ? fill(w_.weights_table, head_vars(trace_, *s.head)) : file, file);
  }

  void block(const BlockText& b) override {
    heading(2, b.heading);
    para(markdown_escape(b.intro));
    std::string formulas = "```\n";
    for (const std::string& f : b.formulas) {
      formulas += f;
      formulas += '\n';
    }
    formulas += "```";
    para(formulas);
    para(markdown_escape(b.after));
  }

  void heads_intro(const std::string& text) override { para(markdown_escape(text)); }

  void layer(const HeadTable& t) override {
    heading(2, t.heading);
    std::string md = "|";
    for (const std::string& c : head_columns(w_)) {
      md += ' ';
      md += markdown_escape(c);
      md += " |";
    }
    md += "\n|---:|---|---|---|";
    for (const HeadRow& r : t.rows) {
      md += "\n| ";
      md += r.head;
      md += " | ";
      md += r.entropy;
      md += " | ";
      md += markdown_escape(r.role);
      md += " |";
      for (const std::string& look : r.looks) {
        md += ' ';
        md += markdown_escape(look);
      }
      md += " |";
    }
    para(md);
    if (!t.cut.empty()) para(markdown_escape(t.cut));
    const std::string all = layer_prefix(t.layer, "-all-heads-softmax.png");
    if (find_picture(all))  // one head: its own weights
      place(t.rows.size() == 1 ? fill(w_.weights_table, {{"i", t.rows[0].head}})
                               : fill(w_.all_heads, {{"h", std::to_string(t.rows.size())}}),
            all);
    // Every head's own pictures as links: embedding 12 or more would bury the table.
    if (detail_layer(trace_) == t.layer && trace_.model->captured_heads.size() == 1) return;  // shown with its steps
    std::string links;
    const std::string prefix = layer_prefix(t.layer, "-head");
    for (const std::string& file : opt_.pictures) {
      if (!file.starts_with(prefix)) continue;
      links += links.empty() ? markdown_escape(w_.head_pictures) : std::string(" ·");
      links += ' ';
      std::string label = file.substr(prefix.size(), file.size() - prefix.size() - 4);  // "3-softmax", "3-scores"
      if (label.ends_with("-softmax")) label.resize(label.size() - 8);                 // the weights: just "3"
      links += link(label, file);
      placed_.push_back(file);
    }
    if (!links.empty()) para(links);
  }

  void detail(int layer) override {
    heading(2, fill(w_.detail_heading, {{"l", std::to_string(layer)}}));
    if (trace_.model->captured_heads.size() == 1)
      para(markdown_escape(fill(w_.follow, {{"tok", trace_.tokens.back().shown()}})));
  }

  void roles(const std::string& counts) override {
    heading(2, w_.roles_heading);
    para(markdown_escape(counts));
    if (const std::string* grid = find_picture("layers-x-heads-softmax.png")) place(w_.roles_heading, *grid);
  }

  void rollout(const RolloutText& r) override {
    heading(2, r.heading);
    para(markdown_escape(r.intro));
    std::string items;
    for (const std::string& item : r.items) {
      if (!items.empty()) items += " · ";
      items += markdown_escape(item);
    }
    para(items);
    if (!r.cut.empty()) para(markdown_escape(r.cut));
    if (const std::string* file = find_picture("rollout.png")) place(r.heading, *file);
  }

  void predictions(const std::string& line) override {
    heading(2, w_.next_heading);
    para(markdown_escape(line));
  }

  void more(const std::string& text) override {
    para(markdown_escape(text));
    bool any = false;
    for (const std::string& file : opt_.pictures) {
      if (std::find(placed_.begin(), placed_.end(), file) != placed_.end()) continue;
      if (!any) heading(2, w_.more_pictures);
      any = true;
      picture(file, file);
    }
  }

  // "# mha-explain …" and "**Sentence**: …".
  void title() {
    heading(1, fill(w_.title, vars_));
    std::string sentence = "**";
    sentence += w_.sentence;
    sentence += "**: ";
    sentence += markdown_escape(trace_.text);
    para(sentence);
  }

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

  // "[text](png/file)": a link to one of the pictures.
  std::string link(const std::string& text, const std::string& file) const {
    std::string l = "[";
    l += markdown_escape(text);
    l += "](";
    l += opt_.picture_dir;
    l += '/';
    l += file;
    l += ')';
    return l;
  }

  void picture(const std::string& alt, const std::string& file) {
    std::string p = "!";
    p += link(alt, file);
    para(p);
  }

  // Heading, formula and shape, meaning, the parameters it uses, the result.
  void step(const Step& s, int level) {
    std::string name = model_step_name(s);  // "softmax · layer 3 · head 5"; a toy run's have no layer
    if (s.name == StepName::split_heads) name += " · " + s.symbol;  // three slices: Q_i, K_i, V_i
    step_heading(level, name);
    para(code(s.formula) + " · [" + shape(s.tensor.value) + "]");
    if (const std::string m = step_meaning(trace_, s, w_, vars_); !m.empty()) para(markdown_escape(m));
    if (s.name == StepName::softmax) para(markdown_escape(w_.row_sums));
    // A model's parameters inside a block are the checkpoint's, not in the trace.
    const std::vector<std::string> parameters = s.layer ? std::vector<std::string>{} : step_parameters(s);
    for (const std::string& p : parameters)
      if (const Parameter* par = trace_.parameter(p)) {
        para(code(parameter_symbol(p)) + " · [" + shape(par->tensor.value) + "]");
        table(par->tensor);
      }
    if (!parameters.empty()) para(code(s.symbol) + ":");
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
