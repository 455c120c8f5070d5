#pragma once
// The trace as JSON text (docs/trace.md documents every field). Numbers are
// the shortest decimal that reads back as the same float32, so a reader that
// parses them into float32 recovers the engine's exact bits. A masked cell
// (−∞) is written as null.
#include <string>

#include "mha/trace.hpp"

namespace mha {

// Every parameter, and the steps the filter keeps (all by default).
std::string trace_to_json(const Trace& trace, const StepFilter& steps = {});

// Schema 3: a --model run's trace, whose steps carry their block ("layer")
// and which adds "model", "predictions", "head_stats" and "rollout". A toy
// run's trace stays schema 2 (kTraceSchemaVersion), byte for byte as before.
inline constexpr int kModelTraceSchemaVersion = 3;
// The schema_version of the trace's exports (JSON trace, npy index, safetensors).
int trace_schema_version(const Trace& trace);

// Shortest round-trip decimal of a float ("0.25", "-1.5e-07"); "null" for
// −∞, +∞ and NaN, which JSON cannot hold.
std::string json_number(float v);

}  // namespace mha
