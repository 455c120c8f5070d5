#pragma once
// Queries on a Trace that several views ask: which layers and heads it
// captured, a head's weights with its masked cells marked, the schema its
// exports are written in. They read the trace; they compute no attention.
#include <optional>
#include <vector>

#include "mha/core/trace.hpp"

namespace mha {

// Which softmax weights (A_i) the trace holds: --layers and --heads of a
// model run; a toy run has no blocks and every head.
struct CapturedAttention {
  std::vector<int> layers;  // blocks with a softmax step, ascending; {} in a toy run
  std::vector<int> heads;   // heads with a softmax step, ascending
};
CapturedAttention captured_attention(const Trace& trace);

// Head `head`'s softmax weights A_i (of block `layer` in a --model run),
// with the cells its mask step set to −∞ set to −∞ again (A holds 0 there,
// like a key that merely scored low). A model run that kept no mask step
// (by default it keeps only the softmax) masks what its config masks: the
// keys after each query when causal, and the padding keys. Throws InputError
// when the trace has no such softmax step.
LabelledMatrix weights_with_masked_cells(const Trace& trace, int head, std::optional<int> layer = std::nullopt);

// The attention rollout of a --model trace, with the keys after each query
// set to −∞ when the model is causal (they are 0 in every factor of the
// product, as masked as the weights there). Throws InputError when the trace
// has no rollout.
LabelledMatrix rollout_with_masked_cells(const Trace& trace);


// Schema 3: a --model run's trace, whose steps carry their block ("layer")
// and which adds "model", "predictions", "head_stats" and "rollout". A toy
// run's trace stays schema 2 (kTraceSchemaVersion), byte for byte as before.
inline constexpr int kModelTraceSchemaVersion = 3;
// The schema_version of the trace's exports (JSON trace, npy index, safetensors).
int trace_schema_version(const Trace& trace);

}  // namespace mha
