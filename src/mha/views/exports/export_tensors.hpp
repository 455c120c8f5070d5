#pragma once
// The trace's tensors for other tools: a folder of NumPy .npy files with an
// index, or one safetensors file (docs/trace.md, "Tensor exports"). Each
// tensor has one key, used as the .npy file name and the safetensors name:
//
//   parameters   param.W_Q, param.b_O, param.embedding, param.positional_encoding_ctx
//   steps        [layer<l>.]<step>[.ctx|.ctx_k|.ctx_v][.head<i>][.Q|.K|.V][.attn|.mlp]
//                e.g. embed, position.ctx, project_q, split_heads.head0.K, scores.head1, softmax.head0;
//                a --model run's blocks: layer3.softmax.head5, layer0.layer_norm.attn, layer0.residual.mlp
//   --model runs also
//                rollout      [n, n]                 Trace::rollout
//                attentions   [layers, heads, n, n]  the captured softmax weights stacked, as
//                                                    torch.stack(HF output_attentions)[:, 0]
//
// Values are float32; masked cells (−∞) stay −∞ (they are not NaN).
#include <string>
#include <vector>

#include "mha/core/steps.hpp"
#include "mha/core/trace.hpp"
#include "mha/core/trace_queries.hpp"

namespace mha {

// A step's key from the step alone (layer prefix, context suffix, head,
// split_heads' Q / K / V, rope's Q / K).
std::string tensor_key(const Step& step);
std::string tensor_key(const Parameter& parameter);
// Every step's key, in trace order. A block records layer_norm and residual
// twice, first around its attention, then around its MLP (GPT-2's ln_1, ln_2;
// BERT's attention.output and output LayerNorm): ".attn" and ".mlp" tell the
// two apart. Throws ShapeError if two other steps would share a key.
std::vector<std::string> step_keys(const Trace& trace);


// file name -> bytes: "<key>.npy" for every parameter and every step the
// filter keeps, and "index.json" saying which step, layer, head, symbol,
// shape and row/column labels each file holds.
std::vector<std::pair<std::string, std::string>> trace_to_npy_files(const Trace& trace, const StepFilter& steps);

// The same tensors in one safetensors file; its metadata holds "index" (the
// same JSON as index.json) and "schema_version".
std::string trace_to_safetensors(const Trace& trace, const StepFilter& steps);

}  // namespace mha
