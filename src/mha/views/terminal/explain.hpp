#pragma once
// explain: the trace as a step-by-step text for a terminal or a file, in
// English or Chinese. It reads the trace only; it never recomputes attention
// (the worked examples re-add the trace's own numbers to show where one
// number comes from).
#include <optional>
#include <string>

#include "mha/explain/lang.hpp"
#include "mha/explain/table.hpp"
#include "mha/views/terminal/heatmap.hpp"
#include "mha/core/trace.hpp"

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

std::string explain(const Trace& trace, const ExplainOptions& options);

}  // namespace mha
