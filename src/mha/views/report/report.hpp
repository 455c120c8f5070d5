#pragma once
// report: the whole run as one markdown walkthrough for course notes, in
// English or Chinese. The same words as the explanation (explain_words.cpp)
// under markdown headings: "#" the run, "##" each step and each head, "###"
// a head's steps, so both languages have the same headings. Each step gives
// its formula, its meaning and its matrix as a markdown table (cut like the
// terminal tables: TableStyle::max_cols, max_rows); the PNGs are embedded by
// relative links. It only reads the trace; the caller writes the pictures.
#include <string>
#include <vector>

#include "mha/explain/lang.hpp"
#include "mha/explain/table.hpp"
#include "mha/core/trace.hpp"

namespace mha {

struct ReportOptions {
  Lang lang = Lang::en;
  TableStyle table;
  std::string picture_dir = "png";    // the pictures' folder, relative to the report's
  std::vector<std::string> pictures;  // their file names (pictures.hpp); "layer0-head<i>-…" go under head i
};

std::string report_markdown(const Trace& trace, const ReportOptions& options);

// Text safe inside markdown (and a table cell): the characters markdown
// reads as markup (\ ` * _ [ ] < > | # and friends) get a backslash.
std::string markdown_escape(std::string_view text);

}  // namespace mha
