#include "mha/views/exports/export_tensors.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "mha/core/error.hpp"
#include "mha/io/npy.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/views/common/detail/json_config.hpp"
#include "mha/core/version.hpp"

namespace mha {

std::string tensor_key(const Step& s) {
  std::string key = s.layer ? std::string("layer") + std::to_string(*s.layer) + "." : std::string();
  key += to_string(s.name);
  // E_ctx, X_ctx_k: the context's embed / position steps (a model's h⁰ is not one).
  // (Appended piece by piece: GCC 12 gives a false -Wrestrict on "." + string.)
  if ((s.name == StepName::embed || s.name == StepName::position) && s.symbol.size() > 2 && s.symbol[1] == '_') {
    key += '.';
    key += s.symbol.substr(2);
  }
  if (s.head) key += ".head" + std::to_string(*s.head);
  if (s.name == StepName::split_heads || s.name == StepName::rope || s.name == StepName::qk_norm) {  // rope.head0.Q, rope.head0.K
    key += '.';
    key += s.symbol.front();
  }
  return key;
}

std::string tensor_key(const Parameter& p) { return "param." + p.name; }

std::vector<std::string> step_keys(const Trace& trace) {
  std::vector<std::string> keys;
  std::map<std::string, int> before;  // key -> how many earlier steps had it
  for (const Step& s : trace.steps) {
    std::string key = tensor_key(s);
    const int n = before[key]++;
    const bool sublayers =
        s.layer && (s.name == StepName::layer_norm || s.name == StepName::rms_norm || s.name == StepName::residual);
    if (sublayers && n < 2)
      key += n == 0 ? ".attn" : ".mlp";
    else if (n > 0)
      throw ShapeError("the trace has " + std::to_string(n + 1) + " steps with the export key " + key +
                       " (symbol " + s.symbol + "); each tensor needs its own");
    keys.push_back(std::move(key));
  }
  return keys;
}

namespace {

using nlohmann::json;

// One exported tensor: its key, its shape, and the matrices that hold its
// numbers one after the other (one for a step; layers·heads for attentions).
struct Entry {
  std::string key;
  std::vector<std::int64_t> shape;
  std::vector<const Matrix*> parts;
  json info;
};

Entry matrix_entry(std::string key, const LabelledMatrix& t, json info) {
  info["rows"] = t.row_labels;
  info["cols"] = t.col_labels;
  return {std::move(key), {t.value.rows(), t.value.cols()}, {&t.value}, std::move(info)};
}

// attentions [layers, heads, n, m]: A of every captured (block, head), block-major,
// so that attentions[i, j] is block layers[i], head heads[j].
Entry attentions_entry(const Trace& trace, const CapturedAttention& captured) {
  std::vector<const Matrix*> parts;
  const Step* first = nullptr;
  for (int l : captured.layers)
    for (int h : captured.heads) {
      const Step* s = trace.find(StepName::softmax, h, {}, l);
      if (!s)
        throw ShapeError("attentions: the trace has no softmax step of block " + std::to_string(l) + ", head " +
                         std::to_string(h) + ", although it has that head in another block");
      if (!first) first = s;
      parts.push_back(&s->tensor.value);
    }
  const auto count = [](const std::vector<int>& v) { return static_cast<std::int64_t>(v.size()); };
  Entry e = matrix_entry("attentions", first->tensor,
                         {{"kind", "attentions"}, {"layers", captured.layers}, {"heads", captured.heads}});
  e.shape = {count(captured.layers), count(captured.heads), first->tensor.value.rows(), first->tensor.value.cols()};
  e.parts = std::move(parts);
  return e;
}

std::vector<Entry> entries(const Trace& trace, const StepFilter& steps) {
  std::vector<Entry> out;
  for (const auto& p : trace.parameters)
    out.push_back(matrix_entry(tensor_key(p), p.tensor, {{"kind", "parameter"}, {"name", p.name}}));
  const std::vector<std::string> keys = step_keys(trace);
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const Step& s = trace.steps[i];
    if (!steps.keeps(s.name)) continue;
    json info = {{"kind", "step"},
                 {"step", std::string(to_string(s.name))},
                 {"head", s.head ? json(*s.head) : json(nullptr)},
                 {"symbol", s.symbol},
                 {"formula", s.formula}};
    if (trace.is_model() || s.layer) info["layer"] = s.layer ? json(*s.layer) : json(nullptr);
    out.push_back(matrix_entry(keys[i], s.tensor, std::move(info)));
  }
  if (trace.rollout) out.push_back(matrix_entry("rollout", *trace.rollout, {{"kind", "rollout"}}));
  const CapturedAttention captured = captured_attention(trace);
  if (trace.is_model() && steps.keeps(StepName::softmax) && !captured.layers.empty())
    out.push_back(attentions_entry(trace, captured));
  for (auto& e : out) {
    e.info["key"] = e.key;
    e.info["shape"] = e.shape;
  }
  return out;
}

io::Tensor to_tensor(const Entry& e) {
  io::Tensor t;
  t.name = e.key;
  t.shape = e.shape;
  for (const Matrix* m : e.parts) t.data.insert(t.data.end(), m->data(), m->data() + m->size());  // row-major, like the files
  return t;
}

json index(const Trace& trace, const std::vector<Entry>& list, const char* where) {
  json tensors = json::array();
  for (const auto& e : list) {
    json info = e.info;
    if (where[0]) info["file"] = e.key + where;
    tensors.push_back(std::move(info));
  }
  return {{"schema_version", trace_schema_version(trace)},
          {"tool", {{"name", "mha-explain"}, {"version", kVersion}}},
          {"text", trace.text},
          {"tokens", trace.token_labels()},
          {"context_tokens", trace.cross() ? json(trace.key_labels()) : json(nullptr)},
          {"tensors", std::move(tensors)}};
}

}  // namespace

std::vector<std::pair<std::string, std::string>> trace_to_npy_files(const Trace& trace, const StepFilter& steps) {
  const std::vector<Entry> list = entries(trace, steps);
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& e : list) files.emplace_back(e.key + ".npy", io::write_npy(to_tensor(e)));
  files.emplace_back("index.json", index(trace, list, ".npy").dump(1) + "\n");
  return files;
}

std::string trace_to_safetensors(const Trace& trace, const StepFilter& steps) {
  const std::vector<Entry> list = entries(trace, steps);
  std::vector<io::Tensor> tensors;
  for (const auto& e : list) tensors.push_back(to_tensor(e));
  return io::write_safetensors(tensors, {{"index", index(trace, list, "").dump()},
                                         {"schema_version", std::to_string(trace_schema_version(trace))}});
}

}  // namespace mha
