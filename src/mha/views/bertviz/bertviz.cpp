#include "mha/views/bertviz/bertviz.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "mha/core/error.hpp"
#include "mha/core/trace_queries.hpp"
#include "mha/views/common/detail/json_config.hpp"

namespace mha {

namespace {

void field(std::string& out, const char* key, const nlohmann::json& value) {
  out += "  \"";
  out += key;
  out += "\": ";
  out += value.dump();
}

// One head's [n, m] weights, one matrix row per line. A = nullptr: a head the
// run did not capture, written 0.0 (not 0) so that torch.tensor makes float32
// of a block that is all zeros, as of every other.
void head(std::string& out, const Matrix* A, Index n, Index m) {
  for (Index q = 0; q < n; ++q) {
    out += q ? ",\n     [" : "\n     [";
    for (Index k = 0; k < m; ++k) {
      if (k) out += ", ";
      if (!A)
        out += "0.0";
      else
        out += json_number(std::isfinite((*A)(q, k)) ? (*A)(q, k) : 0.0f);  // softmax has 0 where masked; never NaN
    }
    out += ']';
  }
}

}  // namespace

std::string trace_to_bertviz(const Trace& trace) {
  const bool cross = trace.cross();
  const CapturedAttention captured = captured_attention(trace);
  if (captured.heads.empty())
    throw InputError("--bertviz needs the softmax weights, which this run did not record: add softmax to --steps");
  // The layers written: a toy run's one attention layer (no block), a model's blocks 0 … the last captured one.
  std::vector<std::optional<int>> blocks;
  if (captured.layers.empty()) blocks.push_back(std::nullopt);
  for (int l = 0; !captured.layers.empty() && l <= captured.layers.back(); ++l) blocks.push_back(l);
  const Index n = static_cast<Index>(trace.tokens.size()), m = static_cast<Index>(trace.key_tokens().size());

  // Each layer's tensor is [1, heads, n, m]: one matrix row per line.
  std::string out = "{\n  \"";
  out += cross ? "cross_attention" : "attention";
  out += "\": [";
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    out += b ? ",\n  [[" : "[[";
    for (int h = 0; h < trace.config.heads; ++h) {
      const Step* A = trace.find(StepName::softmax, h, {}, blocks[b]);
      out += h ? ",\n    [" : "\n    [";
      head(out, A ? &A->tensor.value : nullptr, n, m);
      out += ']';
    }
    out += "]]";
  }
  out += "],\n";
  if (cross) {
    field(out, "encoder_tokens", trace.key_labels());
    out += ",\n";
    field(out, "decoder_tokens", trace.token_labels());
  } else {
    field(out, "tokens", trace.token_labels());
  }
  if (trace.is_model()) {
    // BERT with --pair: where sentence B (token type 1) begins, for bertviz's sentence-pair menus.
    const std::vector<int>& types = trace.model->token_types;
    const auto b = std::find(types.begin(), types.end(), 1);
    if (b != types.end()) {
      out += ",\n";
      field(out, "sentence_b_start", b - types.begin());
    }
    if (captured.layers.size() != blocks.size()) {
      out += ",\n";
      field(out, "include_layers", captured.layers);
    }
  }
  out += "\n}\n";
  return out;
}

}  // namespace mha
