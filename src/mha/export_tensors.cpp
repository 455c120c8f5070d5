#include "mha/export_tensors.hpp"

#include <nlohmann/json.hpp>

#include "mha/io/npy.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/version.hpp"

namespace mha {

std::string tensor_key(const Step& s) {
  std::string key(to_string(s.name));
  // E_ctx, X_ctx_k: the context's embed / position steps.
  // (Appended piece by piece: GCC 12 gives a false -Wrestrict on "." + string.)
  if ((s.name == StepName::embed || s.name == StepName::position) && s.symbol.size() > 2) {
    key += '.';
    key += s.symbol.substr(2);
  }
  if (s.head) key += ".head" + std::to_string(*s.head);
  if (s.name == StepName::split_heads) {
    key += '.';
    key += s.symbol.front();
  }
  return key;
}

std::string tensor_key(const Parameter& p) { return "param." + p.name; }

namespace {

using nlohmann::json;

struct Entry {
  std::string key;
  const LabelledMatrix* tensor;
  json info;
};

std::vector<Entry> entries(const Trace& trace, const StepFilter& steps) {
  std::vector<Entry> out;
  for (const auto& p : trace.parameters)
    out.push_back({tensor_key(p), &p.tensor, {{"kind", "parameter"}, {"name", p.name}}});
  for (const auto& s : trace.steps)
    if (steps.keeps(s.name))
      out.push_back({tensor_key(s), &s.tensor,
                     {{"kind", "step"},
                      {"step", std::string(to_string(s.name))},
                      {"head", s.head ? json(*s.head) : json(nullptr)},
                      {"symbol", s.symbol},
                      {"formula", s.formula}}});
  for (auto& e : out) {
    e.info["key"] = e.key;
    e.info["shape"] = {e.tensor->value.rows(), e.tensor->value.cols()};
    e.info["rows"] = e.tensor->row_labels;
    e.info["cols"] = e.tensor->col_labels;
  }
  return out;
}

io::Tensor to_tensor(const Entry& e) {
  const Matrix& m = e.tensor->value;
  io::Tensor t;
  t.name = e.key;
  t.shape = {m.rows(), m.cols()};
  t.data.assign(m.data(), m.data() + m.size());  // Matrix is row-major, like the files
  return t;
}

json index(const Trace& trace, const std::vector<Entry>& list, const char* where) {
  json tensors = json::array();
  for (const auto& e : list) {
    json info = e.info;
    if (where[0]) info["file"] = e.key + where;
    tensors.push_back(std::move(info));
  }
  return {{"schema_version", kTraceSchemaVersion},
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
                                         {"schema_version", std::to_string(kTraceSchemaVersion)}});
}

}  // namespace mha
