#pragma once
// explain: the trace as a step-by-step text for a terminal or a file, in
// English or Chinese. It reads the trace only; it never recomputes attention
// (the worked examples re-add the trace's own numbers to show where one
// number comes from).
#include <string>

#include "mha/table.hpp"
#include "mha/trace.hpp"

namespace mha {

enum class Lang { en, zh };
Lang lang_from_string(std::string_view s);  // "en" | "zh"; throws InputError

struct ExplainOptions {
  Lang lang = Lang::en;
  TableStyle table;
};

std::string explain(const Trace& trace, const ExplainOptions& options);

}  // namespace mha
