// The explanation (explain/document.hpp) as HTML in the page's panel
// (docs/html.md, "Explanation"): each step a <details> that opens on a click,
// a head's or a layer's part a <section>, matrices as <table>s with their row
// and column labels (cut and rounded as TableStyle says, masked cells
// marked), formulas as <code class="formula">, worked examples as lists.
#include <cmath>

#include "mha/explain/words.hpp"
#include "mha/text/utf8.hpp"
#include "mha/views/html/detail/html_detail.hpp"

namespace mha::html_detail {

namespace {

// Raw text of the document as element content: printable, then escaped.
std::string text(std::string_view s) { return escape_html(utf8::printable(s)); }

std::string_view part_name(Part p) {
  switch (p) {
    case Part::step: return "step";
    case Part::head: return "head";
    case Part::block: return "block";
    case Part::heads_intro: return "heads-intro";
    case Part::layer: return "layer";
    case Part::detail: return "detail";
    case Part::roles: return "roles";
    case Part::metrics: return "metrics";
    case Part::rollout: return "rollout";
    case Part::predictions: return "predictions";
    case Part::summary: return "summary";
    case Part::more: return "more";
  }
  return "part";
}

class Writer {
 public:
  Writer(std::string& out, const Document& d, const TableStyle& s) : out_(out), doc_(d), style_(s), w_(words(d.lang)) {}

  void run() {
    append(out_, {"<div class=\"intro\">\n<p class=\"title\">", text(doc_.title), "</p>\n<p><span class=\"label\">",
                  text(doc_.sentence_label), "</span>: ", text(doc_.sentence), "</p>\n<p class=\"config\">",
                  text(doc_.config), "</p>\n"});
    for (const std::string& p : doc_.paragraphs) append(out_, {"<p>", text(p), "</p>\n"});
    out_ += "</div>\n";
    for (const Section& s : doc_.sections) section(s);
  }

 private:
  std::string& out_;
  const Document& doc_;
  const TableStyle& style_;
  const Words& w_;

  // data-step, data-layer, data-head: which step or part this is.
  std::string data(const Section& s) const {
    std::string d;
    if (s.part == Part::step) append(d, {" data-step=\"", to_string(s.step), "\""});
    if (s.layer) append(d, {" data-layer=\"", std::to_string(*s.layer), "\""});
    if (s.head) append(d, {" data-head=\"", std::to_string(*s.head), "\""});
    return d;
  }

  void section(const Section& s) {
    if (s.part == Part::step) {
      append(out_, {"<details class=\"step\"", data(s), "><summary><span class=\"number\">[", std::to_string(s.number),
                    "]</span> <span class=\"name\">", text(s.heading), "</span>"});
      if (!s.formula.empty()) append(out_, {" <code class=\"formula\">", text(s.formula), "</code>"});
      if (s.shape)
        append(out_, {" <span class=\"shape\">[", shape_text(s.shape->first, s.shape->second), "]</span>"});
      out_ += "</summary>\n";
    } else {
      append(out_, {"<section class=\"part\" data-part=\"", part_name(s.part), "\"", data(s), ">\n"});
      if (!s.heading.empty()) append(out_, {"<h3>", text(s.heading), "</h3>\n"});
    }
    for (const Block& b : s.blocks) std::visit([this](const auto& x) { block(x); }, b);
    for (const Section& sub : s.subsections) section(sub);
    out_ += s.part == Part::step ? "</details>\n" : "</section>\n";
  }

  void block(const Paragraph& p) { append(out_, {"<p>", text(p.text), "</p>\n"}); }
  void block(const Note& n) { append(out_, {"<p class=\"note\">", text(n.text), "</p>\n"}); }
  void block(const Callout& c) { append(out_, {"<p class=\"callout\">", text(c.text), "</p>\n"}); }
  void block(const Bullets& b) { list("<ul>", b.items, "</ul>"); }
  void block(const Items& i) { list("<ul class=\"items\">", i.items, "</ul>"); }
  void block(const Formulas& f) {
    out_ += "<div class=\"formulas\">";
    for (const std::string& l : f.lines) append(out_, {"<code class=\"formula\">", text(l), "</code>"});
    out_ += "</div>\n";
  }
  void block(const TokenList& t) {
    if (!t.label.empty()) append(out_, {"<p class=\"label\">", text(t.label), ":</p>\n"});
    out_ += "<ol class=\"tokens\" start=\"0\">";
    for (const TokenItem& token : t.tokens) {
      append(out_, {"<li>", text(token.text)});
      if (token.id >= 0) append(out_, {" <span class=\"id\">(", std::to_string(token.id), ")</span>"});
      out_ += "</li>";
    }
    out_ += "</ol>\n";
  }
  void block(const Rows& r) {
    out_ += "<ul class=\"rows\">\n";
    for (const Rows::Row& row : r.rows) {
      append(out_, {"<li><span class=\"label\">", text(row.label), ":</span>"});
      for (const std::string& item : row.items) append(out_, {" <span class=\"item\">", text(item), "</span>"});
      out_ += "</li>\n";
    }
    out_ += "</ul>\n";
  }
  // "S_0[薯条, 我]", "= Σ_j …", "= (a)(b) + …", "= -0.745": an item a line;
  // a separator that stands between spaces (" = ") starts each later item.
  void block(const Worked& e) {
    const bool infix = e.separator.size() > 1 && e.separator.front() == ' ';
    append(out_, {"<div class=\"worked\"><p class=\"lead\">", text(e.lead), ":</p><ol>"});
    for (std::size_t i = 0; i < e.parts.size(); ++i)
      append(out_, {"<li>", i && infix ? text(e.separator.substr(1)) : "", text(e.parts[i]), "</li>"});
    out_ += "</ol></div>\n";
  }
  void block(const HeadTable& t) {
    out_ += "<table class=\"heads\"><thead><tr>";
    for (const std::string& c : t.columns) append(out_, {"<th>", text(c), "</th>"});
    out_ += "</tr></thead><tbody>\n";
    for (const HeadRow& r : t.rows) {
      append(out_, {"<tr><td>", text(r.head), "</td><td>", text(r.entropy), "</td><td>", text(r.role),
                    "</td><td class=\"looks\">"});
      for (std::size_t i = 0; i < r.looks.size(); ++i) append(out_, {i ? " " : "", "<span>", text(r.looks[i]), "</span>"});
      out_ += "</td></tr>\n";
    }
    out_ += "</tbody></table>\n";
    if (!t.cut.empty()) block(Note{t.cut});
  }

  void list(std::string_view open, const std::vector<std::string>& items, std::string_view close) {
    out_ += open;
    for (const std::string& item : items) append(out_, {"<li>", text(item), "</li>"});
    append(out_, {close, "\n"});
  }

  // A matrix as a table: its symbol (a parameter's with its shape) and
  // caption above, the column labels, a row label and the numbers a row; "…"
  // and "⋮" where columns and rows were cut. A masked cell (−∞ before the
  // softmax, weight 0 after it) has class "masked".
  void block(const MatrixBlock& m) {
    const Matrix& v = m.matrix->value;
    const auto rows = visible_indices(v.rows(), style_.max_rows);
    const auto cols = visible_indices(v.cols(), style_.max_cols);
    append(out_, {"<table class=\"matrix", m.parameter ? " parameter" : "", "\"><caption><code>", text(m.symbol),
                  "</code>"});
    if (m.parameter) append(out_, {" [", shape_text(v.rows(), v.cols()), "]"});
    if (!m.caption.empty()) append(out_, {" · ", text(m.caption)});
    out_ += "</caption>\n<thead><tr><th></th>";
    auto label = [&](const Labels& l, Index i) { return text(utf8::fit(l[static_cast<std::size_t>(i)], style_.label_width)); };
    for (Index c : cols) append(out_, {c < 0 ? "<th class=\"cut\">…" : "<th>", c < 0 ? "" : label(m.matrix->col_labels, c), "</th>"});
    out_ += "</tr></thead>\n<tbody>\n";
    for (Index r : rows) {
      if (r < 0) {
        out_ += "<tr class=\"cut\"><th>⋮</th>";
        for (Index c : cols) out_ += c < 0 ? "<td></td>" : "<td>⋮</td>";
        out_ += "</tr>\n";
        continue;
      }
      append(out_, {"<tr><th>", label(m.matrix->row_labels, r), "</th>"});
      for (Index c : cols) {
        if (c < 0) {
          out_ += "<td class=\"cut\">…</td>";
          continue;
        }
        const bool masked = (std::isinf(v(r, c)) && v(r, c) < 0) || (m.weights && std::isinf(m.weights->value(r, c)));
        append(out_, {masked ? "<td class=\"masked\">" : "<td>", format_number(v(r, c), style_.precision), "</td>"});
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody></table>\n";
    if (cols.size() != static_cast<std::size_t>(v.cols()))
      block(Note{fill(w_.cut_cols, {{"shown", std::to_string(style_.max_cols)}, {"all", std::to_string(v.cols())}})});
    if (rows.size() != static_cast<std::size_t>(v.rows()))
      block(Note{fill(w_.cut_rows, {{"shown", std::to_string(style_.max_rows)}, {"all", std::to_string(v.rows())}})});
  }
};

}  // namespace

void explanation_html(std::string& out, const Document& doc, const TableStyle& style) { Writer(out, doc, style).run(); }

}  // namespace mha::html_detail
