#pragma once
// Pretrained embedding tables (--embeddings FILE): word -> vector, read from
//
//   GloVe text       *.txt, *.vec  "word v1 ... vd" a line; an optional first
//                                  line "count dim" (word2vec text, fastText .vec)
//   word2vec binary  *.bin         "count dim\n", then per row: the word, a
//                                  space, dim float32 little-endian, an optional '\n'
//   .npy + vocab     *.npy         a [rows, dim] matrix and a vocabulary file,
//                                  one token per line, line i = row i
//   safetensors      *.safetensors the tensor "embeddings" or "weight" or the
//                                  only 2-D one; tokens from a vocabulary file
//                                  or a JSON list in __metadata__ "vocab"
//   JSON             *.json        {"token": [v1, ..., vd], ...}
//
// Any other name is recognised by its first bytes. The dimension comes from
// the file. GloVe text and word2vec are streamed: with `wanted`, only those
// words' rows are kept (and only their numbers parsed), so memory is
// O(wanted x dim) whatever the file's size; npy, safetensors and JSON are
// read whole (they are matrices, not streams of rows).
//
// A word twice: the first row wins and a note says so (gensim's KeyedVectors
// does the same); in JSON, where a key twice is ambiguous, it is an error.
// Every malformed input is one mha::FormatError line naming the file and the
// line (text) or byte offset (binary) and what was expected; a missing file
// is an IoError. Nothing is returned unless the whole file was read.
// docs/embeddings.md is the user's guide.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mha/core/matrix.hpp"

namespace mha {

enum class EmbeddingFormat { glove, word2vec, npy_vocab, safetensors, json };

// "GloVe text", "word2vec binary", ".npy with a vocabulary", "safetensors", "JSON".
std::string_view to_string(EmbeddingFormat);

// Rows longer than this are refused (the widest model we explain is far narrower).
inline constexpr int kMaxEmbeddingDim = 1 << 16;

struct EmbeddingTable {
  // Heterogeneous lookup, so that find() takes a string_view without a copy.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::string source;                   // the file, for messages
  EmbeddingFormat format = EmbeddingFormat::glove;
  int dim = 0;                          // values a row, from the file
  std::string dim_from;                 // where dim was read: "line 1", "the header (line 1)", "shape [5, 3]"
  std::size_t vocabulary_size = 0;      // rows in the file, all of them, even those not kept
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> row_of;  // kept words -> row of `vectors`
  Matrix vectors;                       // [kept rows, dim]
  std::vector<std::string> notes;       // e.g. duplicate words and which one was kept

  const float* find(std::string_view word) const;  // the word's dim values; nullptr when absent
};

// Reads a table (format from the extension, else from the first bytes).
// `vocab` is the vocabulary file of a .npy (required) or .safetensors table
// (optional there) and an InputError with the other formats. With `wanted`,
// only those words are kept.
EmbeddingTable load_embeddings(const std::filesystem::path& file, const std::optional<std::filesystem::path>& vocab,
                               const std::set<std::string>* wanted);

// The format load_embeddings would read `file` as; FormatError listing the
// formats when it is none of them, IoError when it cannot be read.
EmbeddingFormat embedding_format_of(const std::filesystem::path& file);

// ShapeError when `d_model` (as asked for on the command line) differs from
// the table's dimension, naming the file and where its dimension was read.
void require_dimension(const EmbeddingTable& table, int d_model);

}  // namespace mha
