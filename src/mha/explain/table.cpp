#include "mha/explain/table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mha/text/utf8.hpp"

namespace mha {

std::string format_number(float v, int precision) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, static_cast<double>(v));
  std::string s = buf;
  // "-0.000" reads as a sign error to a learner: print it as 0.
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);
  return s;
}

std::vector<Index> visible_indices(Index count, int max) {
  std::vector<Index> idx;
  if (max <= 0 || count <= max) {
    for (Index i = 0; i < count; ++i) idx.push_back(i);
    return idx;
  }
  const Index head = (max + 1) / 2, tail = max - head;
  for (Index i = 0; i < head; ++i) idx.push_back(i);
  idx.push_back(-1);
  for (Index i = count - tail; i < count; ++i) idx.push_back(i);
  return idx;
}

TableText format_table(const LabelledMatrix& m, const TableStyle& style) {
  const Matrix& v = m.value;
  const auto rows = visible_indices(v.rows(), style.max_rows);
  const auto cols = visible_indices(v.cols(), style.max_cols);

  std::vector<std::string> col_heads;
  int cell = 1;
  for (Index c : cols) {
    col_heads.push_back(c < 0 ? "…" : utf8::fit(utf8::printable(m.col_labels[static_cast<std::size_t>(c)]), style.label_width));
    cell = std::max(cell, utf8::width(col_heads.back()));
  }
  for (Index r : rows)
    for (Index c : cols)
      if (r >= 0 && c >= 0) cell = std::max(cell, static_cast<int>(format_number(v(r, c), style.precision).size()));
  int label = 0;
  std::vector<std::string> row_heads;
  for (Index r : rows) {
    row_heads.push_back(r < 0 ? "⋮" : utf8::fit(utf8::printable(m.row_labels[static_cast<std::size_t>(r)]), style.label_width));
    label = std::max(label, utf8::width(row_heads.back()));
  }

  std::string out = style.indent + std::string(static_cast<std::size_t>(label), ' ');
  for (const auto& h : col_heads) out += "  " + utf8::pad_left(h, cell);
  out += '\n';
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += style.indent + utf8::pad_right(row_heads[i], label);
    for (Index c : cols) {
      std::string s = rows[i] < 0 ? (c < 0 ? "" : "⋮") : c < 0 ? "…" : format_number(v(rows[i], c), style.precision);
      out += "  " + utf8::pad_left(s, cell);
    }
    // No trailing blanks: they make committed sample outputs fragile.
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  return {out, cols.size() != static_cast<std::size_t>(v.cols()), rows.size() != static_cast<std::size_t>(v.rows())};
}

}  // namespace mha
