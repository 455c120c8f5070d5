#pragma once
// Shared by the embedding-table fuzzers: what every table a parser returns
// must satisfy (a bug, not an input error, if not).
#include <cmath>
#include <set>
#include <string>

#include "fuzz_check.hpp"
#include "mha/embeddings/embedding_table.hpp"

namespace fuzz {

// For a table read without `wanted`: sizes agree, every row is kept but the
// duplicates (one note each), every kept word maps to its own row, values
// are finite.
inline void check_table(const mha::EmbeddingTable& t) {
  require(t.dim >= 1 && t.dim <= mha::kMaxEmbeddingDim && !t.dim_from.empty());
  require(t.vectors.cols() == t.dim && static_cast<std::size_t>(t.vectors.rows()) == t.row_of.size());
  require(t.row_of.size() + t.notes.size() == t.vocabulary_size);
  std::set<std::size_t> rows;
  for (const auto& [word, row] : t.row_of) require(!word.empty() && row < t.row_of.size() && rows.insert(row).second);
  for (mha::Index i = 0; i < t.vectors.size(); ++i) require(std::isfinite(t.vectors.data()[i]));
}

// Every other kept word, and one that is not in the table.
inline std::set<std::string> some_words(const mha::EmbeddingTable& t) {
  std::set<std::string> words{"\x01not a word"};
  bool take = true;
  for (const auto& [word, row] : t.row_of) {
    if (take) words.insert(word);
    take = !take;
  }
  return words;
}

// `part` (read with wanted = `words`) holds exactly those of `words` that
// `full` holds, with the same values, and counted the same rows.
inline bool same_rows(const mha::EmbeddingTable& full, const mha::EmbeddingTable& part, const std::set<std::string>& words) {
  if (part.vocabulary_size != full.vocabulary_size || part.dim != full.dim) return false;
  for (const auto& w : words) {
    const float* a = full.find(w);
    const float* b = part.find(w);
    if ((a == nullptr) != (b == nullptr)) return false;
    for (int j = 0; a && j < full.dim; ++j)
      if (a[j] != b[j]) return false;
  }
  return part.row_of.size() <= words.size();
}

}  // namespace fuzz
