#pragma once
// explain: the explanation (explain/document.hpp) as a step-by-step text for
// a terminal or a file, in English or Chinese: numbered steps ("[4]
// project_q …"), parts between rules ("──── Head 0 … ────"), matrices as
// aligned tables cut to TableStyle, prose wrapped at 100 columns, and the
// heatmap of each head's weights under its softmax table when asked.
#include <optional>
#include <string>

#include "mha/core/trace.hpp"
#include "mha/explain/document.hpp"
#include "mha/explain/lang.hpp"
#include "mha/explain/table.hpp"
#include "mha/views/terminal/heatmap.hpp"

namespace mha {

struct ExplainOptions {
  Lang lang = Lang::en;
  TableStyle table;
  // A heatmap of each head's weights after its softmax table (terminal_heatmap.hpp).
  // None (the default) leaves the text exactly as without heatmaps.
  std::optional<HeatmapStyle> heatmap;
};

// The options for the same text in a file: no escape codes. A coloured
// heatmap of shades keeps its shades; one of numbers is left out (the softmax
// table above it has the same numbers).
ExplainOptions without_colour(ExplainOptions options);

// The document as text, laid out with options.table and options.heatmap (its
// language is the document's own; options.lang is not read).
std::string explanation_text(const Document& doc, const ExplainOptions& options);

// The same for a trace: explanation(trace, options.lang, options.table) as text.
std::string explain(const Trace& trace, const ExplainOptions& options);

}  // namespace mha
