#include "mha/bertviz.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "mha/json_trace.hpp"

namespace mha {

namespace {

void tokens(std::string& out, const char* key, const Labels& labels) {
  out += "  \"";
  out += key;
  out += "\": ";
  out += nlohmann::json(labels).dump();
}

}  // namespace

std::string trace_to_bertviz(const Trace& trace) {
  const bool cross = trace.cross();
  // One layer; its tensor is [1, heads, n, m]: one matrix row per line.
  std::string out = "{\n  \"";
  out += cross ? "cross_attention" : "attention";
  out += "\": [[[";
  for (int h = 0; h < trace.config.heads; ++h) {
    const Matrix& A = trace.find(StepName::softmax, h)->tensor.value;
    out += h ? ",\n    [" : "\n    [";
    for (Index q = 0; q < A.rows(); ++q) {
      out += q ? ",\n     [" : "\n     [";
      for (Index k = 0; k < A.cols(); ++k) {
        if (k) out += ", ";
        out += json_number(std::isfinite(A(q, k)) ? A(q, k) : 0.0f);  // softmax has 0 where masked; never NaN
      }
      out += ']';
    }
    out += ']';
  }
  out += "]]],\n";
  if (cross) {
    tokens(out, "encoder_tokens", trace.key_labels());
    out += ",\n";
    tokens(out, "decoder_tokens", trace.token_labels());
  } else {
    tokens(out, "tokens", trace.token_labels());
  }
  out += "\n}\n";
  return out;
}

}  // namespace mha
