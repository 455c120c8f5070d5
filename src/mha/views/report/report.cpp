#include "mha/views/report/report.hpp"

#include <algorithm>
#include <initializer_list>

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

// The parts one after another (GCC 12 warns falsely, -Wrestrict, on "x" + std::string).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

std::string code(const std::string& s) { return cat({"`", s, "`"}); }

std::string layer_prefix(int layer, const char* what) {
  std::string p = "layer";
  p += std::to_string(layer);
  p += what;
  return p;
}

class ReportWriter {
 public:
  ReportWriter(const Document& d, const ReportOptions& o) : doc_(d), opt_(o), w_(words(d.lang)) {}

  std::string run() {
    heading(1, doc_.title);
    std::string sentence = "**";
    sentence += doc_.sentence_label;
    sentence += "**: ";
    sentence += markdown_escape(doc_.sentence);
    para(sentence);
    para(markdown_escape(doc_.config));
    for (const std::string& p : doc_.paragraphs) para(markdown_escape(p));
    for (const Section& s : doc_.sections) section(s, 2);
    return out_;
  }

 private:
  const Document& doc_;
  const ReportOptions& opt_;
  const Words& w_;
  std::string out_;
  std::vector<std::string> placed_;  // the pictures linked so far

  void para(const std::string& text) {
    out_ += text;
    out_ += "\n\n";
  }
  void heading(int level, const std::string& text) {
    out_ += std::string(static_cast<std::size_t>(level), '#');
    out_ += ' ';
    para(text);
  }

  // "## 3. position" (numbered like the text's "[3] position"), a part's
  // heading, its blocks, its steps one level down, then its pictures.
  void section(const Section& s, int level) {
    switch (s.part) {
      case Part::step: {
        std::string h = std::to_string(s.number);
        h += ". ";
        h += s.heading;
        if ((s.step == StepName::split_heads || s.step == StepName::rope) && !s.symbol.empty())
          h += cat({" · ", s.symbol});  // three slices: Q_i, K_i, V_i; rope's two: Q_rot_i, K_rot_i
        heading(level, h);
        if (s.shape)
          para(cat({code(s.formula), " · [", shape_text(s.shape->first, s.shape->second), "]"}));
        else if (!s.formula.empty())
          para(code(s.formula));
        break;
      }
      case Part::heads_intro:
      case Part::more: break;
      default: heading(level, s.heading);
    }
    for (const Block& b : s.blocks) std::visit([this](const auto& x) { block(x); }, b);
    for (const Section& sub : s.subsections) section(sub, level + 1);
    pictures(s);
  }

  void block(const Paragraph& p) { para(markdown_escape(p.text)); }
  void block(const Note& n) { para(markdown_escape(n.text)); }
  void block(const Callout& c) { para(cat({"> ", markdown_escape(c.text)})); }
  void block(const Bullets& b) { para(lines(b.items, [](const std::string& item) { return cat({"- ", markdown_escape(item)}); })); }
  void block(const Formulas& f) {
    std::string formulas = "```\n";
    for (const std::string& l : f.lines) formulas += l + '\n';
    formulas += "```";
    para(formulas);
  }
  void block(const TokenList& t) {
    std::string l = t.label.empty() ? "" : cat({markdown_escape(t.label), ": "});
    for (const TokenItem& token : t.tokens) {
      if (token.index) l += " · ";
      l += cat({code(std::to_string(token.index)), " ", markdown_escape(token.text)});
      if (token.id >= 0) l += cat({" (", std::to_string(token.id), ")"});
    }
    para(l);
  }
  void block(const Items& i) {
    std::string items;
    for (const std::string& item : i.items) {
      if (!items.empty()) items += " · ";
      items += markdown_escape(item);
    }
    para(items);
  }
  void block(const Rows& r) {
    para(lines(r.rows, [](const Rows::Row& row) {
      std::string l = cat({"- ", markdown_escape(row.label), ":"});
      for (const std::string& item : row.items) l += cat({" ", markdown_escape(item)});
      return l;
    }));
  }
  void block(const Worked&) {}  // the report shows the matrices; the text works its numbers out
  void block(const MatrixBlock& m) {
    const Matrix& v = m.matrix->value;
    if (m.parameter) para(cat({code(m.symbol), " · [", shape_text(v.rows(), v.cols()), "]"}));
    if (m.named) para(code(m.symbol) + ":");
    table(*m.matrix);
  }
  void block(const HeadTable& t) {
    std::string md = "|";
    for (const std::string& c : t.columns) md += cat({" ", markdown_escape(c), " |"});
    md += "\n|---:|---|---|---|";
    for (const HeadRow& r : t.rows) {
      md += cat({"\n| ", r.head, " | ", r.entropy, " | ", markdown_escape(r.role), " |"});
      for (const std::string& look : r.looks) md += cat({" ", markdown_escape(look)});
      md += " |";
    }
    para(md);
    if (!t.cut.empty()) para(markdown_escape(t.cut));
  }

  template <class T, class F>
  static std::string lines(const std::vector<T>& items, F line) {
    std::string out;
    for (const T& item : items) {
      if (!out.empty()) out += '\n';
      out += line(item);
    }
    return out;
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
      t += cat({" ", label(m.col_labels, c, "…"), " |"});
      rule += c < 0 ? ":---:|" : "---:|";
    }
    t += '\n';
    t += rule;
    for (Index r : rows) {
      t += cat({"\n| ", label(m.row_labels, r, "⋮"), " |"});
      for (Index c : cols) {
        t += ' ';
        t += r < 0 ? (c < 0 ? "" : "⋮") : c < 0 ? "…" : format_number(m.value(r, c), opt_.table.precision);
        t += " |";
      }
    }
    para(t);
    if (cols.size() != static_cast<std::size_t>(m.value.cols()))
      para(markdown_escape(fill(w_.cut_cols, {{"shown", std::to_string(opt_.table.max_cols)},
                                              {"all", std::to_string(m.value.cols())}})));
    if (rows.size() != static_cast<std::size_t>(m.value.rows()))
      para(markdown_escape(fill(w_.cut_rows, {{"shown", std::to_string(opt_.table.max_rows)},
                                              {"all", std::to_string(m.value.rows())}})));
  }

  // ── Pictures, where they belong: a head's step picture under the step, a
  // layer's heads side by side under its table with links to each head,
  // layers × heads under the roles, the rollout under the rollout; the rest
  // under the summary (a toy run) or at the end (a model run).
  bool exists(const std::string& file) const {
    return std::find(opt_.pictures.begin(), opt_.pictures.end(), file) != opt_.pictures.end();
  }
  bool placed(const std::string& file) const { return std::find(placed_.begin(), placed_.end(), file) != placed_.end(); }
  // "[text](png/file)": a link to one of the pictures.
  std::string link(const std::string& text, const std::string& file) const {
    return cat({"[", markdown_escape(text), "](", opt_.picture_dir, "/", file, ")"});
  }
  void place(const std::string& alt, const std::string& file) {
    para(cat({"!", link(alt, file)}));
    placed_.push_back(file);
  }
  void place_if_drawn(const std::string& alt, const std::string& file) {
    if (exists(file)) place(alt, file);
  }

  void pictures(const Section& s) {
    switch (s.part) {
      case Part::step:
        if (s.head) {
          const std::string file =
              cat({layer_prefix(s.layer.value_or(0), "-head"), std::to_string(*s.head), "-", to_string(s.step), ".png"});
          place_if_drawn(s.figure.empty() ? file : s.figure, file);
        }
        return;
      case Part::layer: return layer_pictures(s);
      case Part::roles: return place_if_drawn(s.figure, "layers-x-heads-softmax.png");
      case Part::metrics:  // the head atlas, a picture per metric
        for (const std::string& file : opt_.pictures)
          if (file.rfind("heads-", 0) == 0 && !placed(file)) place(file, file);
        return;
      case Part::rollout: return place_if_drawn(s.figure, "rollout.png");
      case Part::summary:
        for (const std::string& file : opt_.pictures)
          if (!placed(file)) place(s.figure, file);
        return;
      case Part::more: {
        bool any = false;
        for (const std::string& file : opt_.pictures) {
          if (placed(file)) continue;
          if (!any) heading(2, w_.more_pictures);
          any = true;
          place(file, file);
        }
        return;
      }
      default: return;
    }
  }

  void layer_pictures(const Section& s) {
    place_if_drawn(s.figure, layer_prefix(*s.layer, "-all-heads-softmax.png"));
    // The one captured head is shown with its steps, its pictures under them.
    const bool in_full = std::any_of(doc_.sections.begin(), doc_.sections.end(), [&](const Section& d) {
      return d.part == Part::detail && d.layer == s.layer && d.head;
    });
    if (in_full) return;
    // Every head's own pictures as links: embedding 12 or more would bury the table.
    std::string links;
    const std::string prefix = layer_prefix(*s.layer, "-head");
    for (const std::string& file : opt_.pictures) {
      if (!file.starts_with(prefix)) continue;
      links += links.empty() ? markdown_escape(w_.head_pictures) : std::string(" ·");
      std::string label = file.substr(prefix.size(), file.size() - prefix.size() - 4);  // "3-softmax", "3-scores"
      if (label.ends_with("-softmax")) label.resize(label.size() - 8);                 // the weights: just "3"
      links += cat({" ", link(label, file)});
      placed_.push_back(file);
    }
    if (!links.empty()) para(links);
  }
};

}  // namespace

std::string report_markdown(const Document& doc, const ReportOptions& options) {
  std::string md = ReportWriter(doc, options).run();
  md.pop_back();  // one newline at the end, not a blank line
  return md;
}

std::string report_markdown(const Trace& trace, const ReportOptions& options) {
  return report_markdown(explanation(trace, options.lang, options.table), options);
}

}  // namespace mha
