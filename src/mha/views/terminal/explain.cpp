#include "mha/views/terminal/explain.hpp"

#include <algorithm>

#include "mha/explain/words.hpp"
#include "mha/text/utf8.hpp"

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

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

// "[3] cat (3797)": a token with its index and vocabulary id.
std::string token_item(const TokenItem& t) {
  std::string item = "[";
  item += std::to_string(t.index);
  item += "] ";
  item += t.text;
  if (t.id >= 0) {
    item += " (";
    item += std::to_string(t.id);
    item += ')';
  }
  return item;
}

class Writer {
 public:
  Writer(const Document& d, const ExplainOptions& o) : doc_(d), opt_(o), w_(words(d.lang)) {}

  std::string run() {
    line(doc_.title);
    // A model's input and its config may be long: wrapped; a toy run's stay one line.
    const std::string sentence = doc_.sentence_label + ": " + doc_.sentence;
    doc_.model ? para(sentence) : line(sentence);
    doc_.model ? para(doc_.config) : line(doc_.config);
    for (const std::string& p : doc_.paragraphs) para(p);
    for (const Section& s : doc_.sections) section(s);
    return out_;
  }

 private:
  const Document& doc_;
  const ExplainOptions& opt_;
  const Words& w_;
  std::string out_;

  const std::string& indent() const { return opt_.table.indent; }
  // Every line is made printable: a token's control characters never reach the terminal.
  void line(const std::string& s = {}) {
    out_ += utf8::printable(s);
    out_ += '\n';
  }
  // Prose, wrapped to 100 terminal columns.
  void para(const std::string& s) {
    for (const auto& l : utf8::wrap(utf8::printable(s), 100)) line(l);
  }

  // A step: "[7] scores · head 0   S_0 = Q_0·K_0ᵀ   [5 × 5]"; a part between
  // rules; the summary under its plain heading; an untitled part after a blank line.
  void section(const Section& s) {
    line();
    switch (s.part) {
      case Part::step: {
        std::string h = "[";  // appended piece by piece: GCC 12 gives a false -Wrestrict on "[" + string
        h += std::to_string(s.number) + "] " + s.heading;
        if (!s.formula.empty()) h += "   " + s.formula;
        if (s.shape) h += "   [" + shape_text(s.shape->first, s.shape->second) + "]";
        line(h);
        break;
      }
      case Part::summary: line(s.heading); break;
      case Part::heads_intro:
      case Part::more: break;
      default: {
        std::string l = "──── ";  // appended: GCC 12 gives a false -Wrestrict on "…" + string
        l += s.heading;
        l += " ────";
        line(l);
      }
    }
    for (const Block& b : s.blocks) std::visit([this](const auto& x) { block(x); }, b);
    for (const Section& sub : s.subsections) section(sub);
  }

  void block(const Paragraph& p) { para(p.text); }
  void block(const Callout& c) { para(c.text); }
  void block(const Note& n) { line(indent() + n.text); }
  void block(const Bullets& b) {
    for (const std::string& item : b.items) line(indent() + item);
  }
  void block(const Formulas& f) {
    for (const std::string& l : f.lines) line(indent() + l);
  }
  void block(const Items& i) {
    for (const std::string& l : packed(i.items, indent())) line(l);
  }
  void block(const Rows& r) {
    for (const Rows::Row& row : r.rows) line(indent() + row.label + ":  " + join(row.items, "  "));
  }
  void block(const TokenList& t) {
    std::vector<std::string> items;
    for (const TokenItem& token : t.tokens) items.push_back(token_item(token));
    if (doc_.model) {
      for (const std::string& l : packed(items, indent())) line(l);
      return;
    }
    line(indent() + (t.label.empty() ? "" : t.label + ":  ") + join(items, "  "));
  }
  void block(const Worked& e) { line(indent() + e.lead + ": " + join(e.parts, e.separator)); }

  void block(const MatrixBlock& m) {
    const Matrix& v = m.matrix->value;
    if (m.parameter) line(indent() + m.symbol + "   [" + shape_text(v.rows(), v.cols()) + "]");
    if (m.named) line(indent() + m.symbol + ":");
    if (!m.caption.empty()) line(indent() + m.caption);
    table(*m.matrix);
    if (m.weights && opt_.heatmap) {
      line(indent() + m.heatmap_caption);
      out_ += terminal_heatmap(*m.weights, *opt_.heatmap, opt_.table, w_.masked);
    }
  }

  void table(const LabelledMatrix& m) {
    const TableText t = format_table(m, opt_.table);
    out_ += t.text;
    if (t.cut_cols)
      line(indent() + fill(w_.cut_cols, {{"shown", std::to_string(opt_.table.max_cols)},
                                         {"all", std::to_string(m.value.cols())}}));
    if (t.cut_rows)
      line(indent() + fill(w_.cut_rows, {{"shown", std::to_string(opt_.table.max_rows)},
                                         {"all", std::to_string(m.value.rows())}}));
  }

  // One layer's heads: a row each, the columns padded to their widest cell;
  // the last column (where each token looks) wraps under itself.
  void block(const HeadTable& t) {
    int widths[3] = {};
    for (int c = 0; c < 3; ++c) widths[c] = utf8::width(t.columns[static_cast<std::size_t>(c)]);
    for (const HeadRow& r : t.rows) {
      widths[0] = std::max(widths[0], utf8::width(r.head));
      widths[1] = std::max(widths[1], utf8::width(r.entropy));
      widths[2] = std::max(widths[2], utf8::width(r.role));
    }
    auto cells = [&](const std::string& a, const std::string& b, const std::string& c) {
      return indent() + utf8::pad_right(a, widths[0]) + "  " + utf8::pad_right(b, widths[1]) + "  " +
             utf8::pad_right(c, widths[2]) + "  ";
    };
    line(cells(t.columns[0], t.columns[1], t.columns[2]) + t.columns[3]);
    for (const HeadRow& r : t.rows)
      for (const std::string& l : packed(r.looks, cells(r.head, r.entropy, r.role))) line(l);
    if (!t.cut.empty()) line(indent() + t.cut);
  }

  // Items two spaces apart, on lines of at most 100 columns that start with `prefix`.
  static std::vector<std::string> packed(const std::vector<std::string>& items, const std::string& prefix) {
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
};

}  // namespace

std::string explanation_text(const Document& doc, const ExplainOptions& options) { return Writer(doc, options).run(); }

std::string explain(const Trace& trace, const ExplainOptions& options) {
  return explanation_text(explanation(trace, options.lang, options.table), options);
}

}  // namespace mha
