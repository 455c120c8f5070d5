#pragma once
// A labelled matrix as fixed-width text, aligned on a terminal even when the
// labels are Chinese (two columns per character).
#include <string>
#include <vector>

#include "mha/core/trace.hpp"

namespace mha {

struct TableStyle {
  int precision = 3;  // digits after the decimal point
  int max_cols = 8;   // 0 = all; otherwise the first and last columns with "…" between
  int max_rows = 16;  // 0 = all
  int label_width = 10;  // columns kept of a row or column label
  std::string indent = "    ";
};

struct TableText {
  std::string text;      // ends with a newline
  bool cut_cols = false;  // some columns were left out
  bool cut_rows = false;
};

TableText format_table(const LabelledMatrix& m, const TableStyle& style);

// Which of `count` rows or columns a table shows when at most `max` fit (0 =
// all): the first and last ones, with -1 where the "…" stands.
std::vector<Index> visible_indices(Index count, int max);

// One number as the tables print it: fixed with `precision` digits, "-inf"
// for a masked cell, "nan" for NaN.
std::string format_number(float v, int precision);

}  // namespace mha
