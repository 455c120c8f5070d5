// word2vec binary (Mikolov et al.'s word2vec.c -binary 1, gensim's
// save_word2vec_format(binary=True)):
//
//   "<rows> <dim>\n"                     ASCII header
//   rows x { word ' ' dim x float32 [\n] }  little-endian values; the '\n'
//                                        after a row is optional
//
// then the end of the file. Streamed; see parse.hpp.
#include <algorithm>
#include <bit>
#include <cmath>
#include <sstream>

#include "mha/embeddings/byte_stream.hpp"
#include "mha/embeddings/detail/parse.hpp"
#include "mha/embeddings/table_builder.hpp"
#include "mha/io/detail/io_detail.hpp"

namespace mha {

namespace {

using embeddings::shown;
using io::detail::fail;

constexpr std::size_t kMaxHeader = 64;
constexpr std::size_t kMaxWord = 4096;

std::string at_byte(std::size_t offset) { return embeddings::at("byte", offset); }

// "<rows> <dim>" (a trailing '\r' or spaces allowed) into rows and dim.
bool parse_header(std::string_view line, std::size_t& rows, std::size_t& dim) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return false;
  return embeddings::parse_count(line.substr(0, space), rows) && embeddings::parse_count(line.substr(space + 1), dim);
}

class Word2vecReader {
 public:
  Word2vecReader(std::istream& in, const std::string& source, const std::set<std::string>* wanted,
      std::size_t chunk = embeddings::ByteStream::kChunk)
      : source_(source), stream_(in, source, chunk), builder_(source, EmbeddingFormat::word2vec, "row", wanted) {}

  EmbeddingTable read() {
    const std::size_t rows = header();
    for (std::size_t r = 1; r <= rows; ++r) row(r, rows);
    if (!stream_.at_end())
      fail(source_, at_byte(stream_.offset()) + ": expected the end of the file after the " + std::to_string(rows) +
                        " rows the header announces, found more bytes");
    return builder_.finish();
  }

 private:
  std::size_t header() {
    const auto line = stream_.line(kMaxHeader);
    if (!line) fail(source_, "empty; expected a header line \"<rows> <dim>\" (word2vec binary)");
    std::size_t rows = 0, dim = 0;
    if (line->size() > kMaxHeader || !parse_header(*line, rows, dim))
      fail(source_, std::string("byte 0: expected a header line \"<rows> <dim>\" (word2vec binary), got ") + shown(*line));
    if (rows == 0) fail(source_, "byte 0: the header announces 0 rows; expected at least one");
    if (dim == 0 || dim > static_cast<std::size_t>(kMaxEmbeddingDim))
      fail(source_, std::string("byte 0: the header gives ") + std::to_string(dim) + " values a row; expected 1 to " +
                        std::to_string(kMaxEmbeddingDim));
    builder_.set_dim(static_cast<int>(dim), "the header (byte 0)");
    return rows;
  }

  void row(std::size_t r, std::size_t rows) {
    const std::size_t start = stream_.offset();
    std::string where = at_byte(start);
    where += ": row ";
    where += std::to_string(r);
    where += " of ";
    where += std::to_string(rows);
    const auto word = stream_.until(' ', kMaxWord);
    if (!word) {
      if (stream_.buffered() > kMaxWord)
        fail(source_, where + ": no space within " + std::to_string(kMaxWord) + " bytes; expected a word and a space");
      fail(source_, where + ": the file ends after " + std::to_string(stream_.buffered()) +
                        " more bytes; expected a word and a space (the file is truncated)");
    }
    if (word->empty()) fail(source_, where + ": a space where a word should start");
    if (word->find('\n') != std::string_view::npos)
      fail(source_, where + ": the word " + shown(*word) + " holds a line break; expected a word and a space");
    embeddings::require_utf8(*word, source_, where);

    const auto dim = static_cast<std::size_t>(builder_.dim());
    float* out = builder_.add(*word, r);
    const std::size_t values_at = stream_.offset();
    const std::string_view bytes = stream_.take(4 * dim);
    if (bytes.size() < 4 * dim)
      fail(source_, at_byte(values_at) + ": row " + std::to_string(r) + " (" + shown(*word) + ") needs " +
                        std::to_string(dim) + " float32 values, " + std::to_string(4 * dim) +
                        " bytes; the file ends after " + std::to_string(bytes.size()) + " (it is truncated)");
    if (out) {
      for (std::size_t i = 0; i < dim; ++i) {
        out[i] = std::bit_cast<float>(static_cast<std::uint32_t>(io::detail::load_le(bytes, 4 * i, 4)));
        if (!std::isfinite(out[i]))
          fail(source_, at_byte(values_at + 4 * i) + ": value " + std::to_string(i + 1) + " of row " +
                            std::to_string(r) + " (" + shown(*word) + ") is " + (std::isnan(out[i]) ? "NaN" : "infinite") +
                            "; expected finite numbers");
      }
    }
    if (stream_.peek() == '\n') stream_.skip(1);
  }

  const std::string& source_;
  embeddings::ByteStream stream_;
  embeddings::TableBuilder builder_;
};

}  // namespace

EmbeddingTable parse_word2vec(std::istream& in, const std::string& source, const std::set<std::string>* wanted) {
  return Word2vecReader(in, source, wanted).read();
}

EmbeddingTable parse_word2vec(std::string_view bytes, const std::string& source, const std::set<std::string>* wanted) {
  std::istringstream in{std::string(bytes)};
  // Bytes in memory: no chunk larger than they are (the fuzzers read many small inputs).
  return Word2vecReader(in, source, wanted, std::min(embeddings::ByteStream::kChunk, bytes.size() + 1)).read();
}

}  // namespace mha
