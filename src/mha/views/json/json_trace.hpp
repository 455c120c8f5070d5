#pragma once
// The trace as JSON text (docs/trace.md documents every field). Numbers are
// the shortest decimal that reads back as the same float32, so a reader that
// parses them into float32 recovers the engine's exact bits. A masked cell
// (−∞) is written as null.
#include <string>

#include "mha/core/trace.hpp"
#include "mha/core/trace_queries.hpp"

namespace mha {

// Every parameter, and the steps the filter keeps (all by default).
std::string trace_to_json(const Trace& trace, const StepFilter& steps = {});



}  // namespace mha
