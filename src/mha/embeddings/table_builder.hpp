#pragma once
// Shared by the embedding parsers (private): collecting the kept rows of a
// table, the duplicate rule, and the checks and quoting of words.
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mha/embeddings/embedding_table.hpp"

namespace mha::embeddings {

class TableBuilder {
 public:
  // `unit` is what a position counts, for notes: "line" or "row"; notes
  // name `note_source` (default: `source`), e.g. the vocabulary file.
  TableBuilder(std::string source, EmbeddingFormat format, std::string unit, const std::set<std::string>* wanted,
               std::string note_source = {});

  void set_dim(int dim, std::string from);
  int dim() const { return dim_; }
  const std::string& dim_from() const { return table_.dim_from; }
  std::size_t rows() const { return rows_; }  // counted so far, kept or not

  // Counts a row whose word is `word`, at `position` (a line or row number).
  // Returns where its dim() values go, or nullptr when the row is not kept:
  // the word is not wanted, or it came before (a note then says so; the first
  // row wins). The pointer is valid until the next add().
  float* add(std::string_view word, std::size_t position);

  EmbeddingTable finish();

 private:
  std::optional<std::set<std::string, std::less<>>> wanted_;  // with string_view lookup
  std::string unit_;
  std::string note_source_;
  EmbeddingTable table_;
  int dim_ = 0;
  std::size_t rows_ = 0;
  Matrix values_;                        // [capacity, dim]: the kept rows first
  std::vector<std::size_t> positions_;   // of each kept row, for duplicate notes
};

// `text` in double quotes for a message: at most 40 bytes (then "..."),
// control bytes escaped, and bytes that are not UTF-8 shown as '?', so the
// message stays one printable line.
std::string shown(std::string_view text);

// "line 7", "byte 12": `unit` and the number, for messages.
std::string at(std::string_view unit, std::size_t n);

// A count in a header line: digits only, at most 18 of them.
bool parse_count(std::string_view s, std::size_t& out);

// FormatError "<source>: <where>: the word ... is not valid UTF-8 ..." unless
// `word` is valid UTF-8.
void require_utf8(std::string_view word, std::string_view source, std::string_view where);

}  // namespace mha::embeddings
