#pragma once
// The trace's tensors for other tools: a folder of NumPy .npy files with an
// index, or one safetensors file (docs/trace.md, "Tensor exports"). Each
// tensor has one key, used as the .npy file name and the safetensors name:
//
//   parameters   param.W_Q, param.b_O, param.embedding, param.positional_encoding_ctx
//   steps        <step>[.ctx|.ctx_k|.ctx_v][.head<i>][.Q|.K|.V]
//                e.g. embed, position.ctx, project_q, split_heads.head0.K, scores.head1, softmax.head0
//
// Values are float32; masked cells (−∞) stay −∞ (they are not NaN).
#include <string>
#include <vector>

#include "mha/steps.hpp"
#include "mha/trace.hpp"

namespace mha {

std::string tensor_key(const Step& step);
std::string tensor_key(const Parameter& parameter);

// file name -> bytes: "<key>.npy" for every parameter and every step the
// filter keeps, and "index.json" saying which step, head, symbol, shape and
// row/column labels each file holds.
std::vector<std::pair<std::string, std::string>> trace_to_npy_files(const Trace& trace, const StepFilter& steps);

// The same tensors in one safetensors file; its metadata holds "index" (the
// same JSON as index.json) and "schema_version".
std::string trace_to_safetensors(const Trace& trace, const StepFilter& steps);

}  // namespace mha
