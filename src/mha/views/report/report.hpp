#pragma once
// report: the explanation (explain/document.hpp) as one markdown walkthrough
// for course notes, in English or Chinese: "#" the run, "##" each step and
// each part, "###" a head's (or the captured layer's) steps, so both
// languages have the same headings. Each step gives its formula, its meaning
// and its matrix as a markdown table (cut like the terminal tables:
// TableStyle::max_cols, max_rows); the PNGs are embedded by relative links
// where they belong. It writes no file; the caller writes the pictures.
#include <string>
#include <string_view>
#include <vector>

#include "mha/core/trace.hpp"
#include "mha/explain/document.hpp"
#include "mha/explain/lang.hpp"
#include "mha/explain/table.hpp"

namespace mha {

struct ReportOptions {
  Lang lang = Lang::en;  // for report_markdown(trace, …); a document has its own
  TableStyle table;
  std::string picture_dir = "png";    // the pictures' folder, relative to the report's
  std::vector<std::string> pictures;  // their file names (pictures.hpp): each goes under its step or part
};

std::string report_markdown(const Document& doc, const ReportOptions& options);
// The same for a trace: explanation(trace, options.lang, options.table) as markdown.
std::string report_markdown(const Trace& trace, const ReportOptions& options);

// Text safe inside markdown (and a table cell): the characters markdown
// reads as markup (\ ` * _ [ ] < > | # and friends) get a backslash.
std::string markdown_escape(std::string_view text);

}  // namespace mha
