// Tables that arrive as matrices (.npy, safetensors) or as JSON, read whole
// by the tensor readers of src/mha/io and then named row by row.
#include <cmath>

#include <nlohmann/json.hpp>

#include "mha/embeddings/detail/parse.hpp"
#include "mha/embeddings/table_builder.hpp"
#include "mha/io/detail/io_detail.hpp"
#include "mha/io/npy.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/io/tensor_json.hpp"

namespace mha {

namespace {

using embeddings::shown;
using io::detail::fail;

// The rows of `words`, in order, from the names' source.
struct Words {
  std::vector<std::string> list;
  std::string source;  // "vocab.txt", or "w.safetensors __metadata__ \"vocab\""
  std::string unit;    // "line" (counted from 1) or "entry" (from 0), for notes
  std::size_t first = 1;
};

void check_dim(std::int64_t dim, std::string_view source, const std::string& what) {
  if (dim < 1 || dim > kMaxEmbeddingDim)
    fail(source, what + " has " + std::to_string(dim) + " values a row; expected 1 to " +
                     std::to_string(kMaxEmbeddingDim));
}

// `t` is the [rows, dim] matrix called `what` in `source`.
EmbeddingTable from_matrix(const io::Tensor& t, const std::string& source, const std::string& what, EmbeddingFormat format,
                           const Words& words, const std::set<std::string>* wanted) {
  if (t.shape.size() != 2)
    fail(source, what + " has shape " + io::shape_string(t.shape) + "; expected a [rows, dim] matrix");
  if (t.shape[0] == 0) fail(source, what + " has no rows (shape " + io::shape_string(t.shape) + "); expected at least one");
  check_dim(t.shape[1], source, what);
  const auto rows = static_cast<std::size_t>(t.shape[0]);
  const auto dim = static_cast<std::size_t>(t.shape[1]);
  if (words.list.size() != rows)
    fail(words.source, std::to_string(words.list.size()) + " tokens, but " + what + " of " + source + " has " +
                           std::to_string(rows) + " rows; expected one token a row");
  embeddings::TableBuilder builder(source, format, words.unit, wanted, words.source);
  std::string from = "shape ";
  from += io::shape_string(t.shape);
  builder.set_dim(static_cast<int>(dim), std::move(from));
  for (std::size_t r = 0; r < rows; ++r) {
    float* out = builder.add(words.list[r], r + words.first);
    if (!out) continue;
    for (std::size_t j = 0; j < dim; ++j) {
      out[j] = t.data[r * dim + j];
      if (!std::isfinite(out[j]))
        fail(source, what + " row " + std::to_string(r) + " (" + shown(words.list[r]) + "), value " +
                         std::to_string(j) + ": " + (std::isnan(out[j]) ? "NaN" : "infinite") +
                         "; expected finite numbers");
    }
  }
  return builder.finish();
}

Words vocab_file(std::string_view bytes, const std::string& source) { return {parse_vocab(bytes, source), source, "line", 1}; }

// __metadata__ "vocab": a JSON list of non-empty strings.
Words vocab_metadata(const io::TensorSet& set) {
  std::string where = set.source;
  where += " __metadata__ \"vocab\"";
  const auto it = set.metadata.find("vocab");
  if (it == set.metadata.end())
    fail(set.source, "no vocabulary: give a vocabulary file (one token per line) or store the tokens as a JSON list "
                     "in __metadata__ \"vocab\"");
  const auto list = nlohmann::json::parse(it->second, nullptr, false);
  if (!list.is_array()) fail(where, "expected a JSON list of the tokens, row by row");
  Words words{{}, where, "entry", 0};
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string() || list[i].get_ref<const std::string&>().empty())
      fail(where, embeddings::at("entry", i) + ": expected a non-empty string (a token), got " + list[i].dump().substr(0, 40));
    words.list.push_back(list[i].get<std::string>());
  }
  return words;
}

const io::Tensor& pick_tensor(const io::TensorSet& set) {
  for (const char* name : {"embeddings", "weight"})
    if (const io::Tensor* t = set.find(name)) return *t;
  std::vector<const io::Tensor*> matrices;
  std::string names;
  for (const auto& t : set.tensors) {
    if (t.shape.size() != 2) continue;
    matrices.push_back(&t);
    names += names.empty() ? "" : ", ";
    names += io::detail::quote(t.name);
  }
  if (matrices.size() == 1) return *matrices.front();
  fail(set.source, std::string("no tensor named \"embeddings\" or \"weight\" and ") + std::to_string(matrices.size()) +
                       " 2-D tensors (" + (names.empty() ? "none" : names) +
                       "); expected one of those names or a single 2-D tensor");
}

}  // namespace

EmbeddingTable parse_npy_table(std::string_view npy, const std::string& source, std::string_view vocab,
                               const std::string& vocab_source, const std::set<std::string>* wanted) {
  const io::Tensor t = io::parse_npy(npy, source, "embeddings");
  return from_matrix(t, source, "the matrix", EmbeddingFormat::npy_vocab, vocab_file(vocab, vocab_source), wanted);
}

EmbeddingTable parse_safetensors_table(std::string_view bytes, const std::string& source,
                                       const std::string_view* vocab, const std::string& vocab_source,
                                       const std::set<std::string>* wanted) {
  const io::TensorSet set = io::parse_safetensors(bytes, source);
  const io::Tensor& t = pick_tensor(set);
  std::string what = "tensor ";
  what += io::detail::quote(t.name);
  const Words words = vocab ? vocab_file(*vocab, vocab_source) : vocab_metadata(set);
  EmbeddingTable table = from_matrix(t, source, what, EmbeddingFormat::safetensors, words, wanted);
  if (vocab && set.metadata.count("vocab"))
    table.notes.push_back(source + ": the tokens come from " + vocab_source + "; __metadata__ \"vocab\" is not read");
  return table;
}

EmbeddingTable parse_embeddings_json(std::string_view bytes, const std::string& source,
                                     const std::set<std::string>* wanted) {
  const io::TensorSet set = io::parse_tensor_json(bytes, source);
  if (set.tensors.empty()) fail(source, "no words; expected {\"word\": [v1, ..., vd], ...}");
  embeddings::TableBuilder builder(source, EmbeddingFormat::json, "entry", wanted);
  const io::Tensor& first = set.tensors.front();
  std::string first_at = "at ";
  first_at += io::detail::quote(first.name);
  if (first.shape.size() != 1)
    fail(source, first_at + ": expected a list of numbers [v1, ..., vd], got shape " + io::shape_string(first.shape));
  check_dim(first.shape[0], source, first_at);
  const std::int64_t dim = first.shape[0];
  builder.set_dim(static_cast<int>(dim), first_at);
  for (std::size_t i = 0; i < set.tensors.size(); ++i) {
    const io::Tensor& t = set.tensors[i];
    if (t.shape.size() != 1 || t.shape[0] != dim)
      fail(source, std::string("at ") + io::detail::quote(t.name) + ": expected a list of " + std::to_string(dim) +
                       " numbers (as " + first_at.substr(3) + " has), got shape " + io::shape_string(t.shape));
    if (float* out = builder.add(t.name, i))
      std::copy(t.data.begin(), t.data.end(), out);
  }
  return builder.finish();
}

}  // namespace mha
