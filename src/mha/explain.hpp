#pragma once
// explain: the trace as a step-by-step text for a terminal or a file, in
// English or Chinese. It reads the trace only; it never recomputes attention
// (the worked examples re-add the trace's own numbers to show where one
// number comes from).
#include <optional>
#include <string>

#include "mha/table.hpp"
#include "mha/terminal_heatmap.hpp"
#include "mha/trace.hpp"

namespace mha {

enum class Lang { en, zh };
Lang lang_from_string(std::string_view s);  // "en" | "zh"; throws InputError

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
