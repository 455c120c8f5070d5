// GloVe text: "word v1 ... vd" a line, with an optional "count dim" first
// line (word2vec text format, fastText .vec). Streamed; see parse.hpp.
#include <algorithm>
#include <charconv>
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

constexpr std::size_t kMaxLine = std::size_t{64} << 20;

bool is_separator(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_end(std::string_view s) {
  while (!s.empty() && (is_separator(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Calls f(i, text) for each separator-delimited field of `s`; returns the count.
template <class F>
std::size_t for_each_field(std::string_view s, F&& f) {
  std::size_t count = 0;
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p < end) {
    while (p < end && is_separator(*p)) ++p;
    if (p == end) break;
    const char* q = p;
    while (q < end && !is_separator(*q)) ++q;
    f(count++, std::string_view(p, static_cast<std::size_t>(q - p)));
    p = q;
  }
  return count;
}

// nullptr when `text` is a finite float (stored in out), else what is wrong.
const char* number_problem(std::string_view text, float& out) {
  const char* const end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, out);
  if (p != end || text.empty()) return "is not a number";
  if (ec == std::errc::result_out_of_range) {
    // Too large, or too small to be a normal float: the latter rounds.
    double d = 0;
    std::from_chars(text.data(), end, d);
    if (!std::isfinite(d) || std::fabs(d) >= 1) return "is outside the float range";
    out = static_cast<float>(d);
    return nullptr;
  }
  return std::isfinite(out) ? nullptr : "is not a finite number";
}

std::string at_line(std::size_t n) { return embeddings::at("line", n); }

class GloveReader {
 public:
  GloveReader(std::istream& in, const std::string& source, const std::set<std::string>* wanted,
      std::size_t chunk = embeddings::ByteStream::kChunk)
      : source_(source), stream_(in, source, chunk), builder_(source, EmbeddingFormat::glove, "line", wanted) {}

  EmbeddingTable read() {
    while (const auto raw = stream_.line(kMaxLine)) {
      const std::size_t n = stream_.line_number();
      if (raw->size() > kMaxLine)
        fail(source_, at_line(n) + " is longer than 64 MiB; expected lines \"word v1 ... vd\"");
      std::string_view line = trim_end(*raw);
      if (n == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // a byte-order mark
      if (line.empty()) continue;  // blank lines are not rows
      if (first_) {
        first_ = false;
        if (header(line, n)) continue;
      }
      row(line, n);
    }
    if (builder_.rows() == 0) {
      if (header_line_) fail(source_, builder_.dim_from() + " announces rows but none follow");
      fail(source_, "no rows; expected lines \"word v1 ... vd\" (GloVe text)");
    }
    if (header_line_ && builder_.rows() != header_rows_)
      fail(source_, std::string("the file ends after ") + std::to_string(builder_.rows()) + " rows (" +
                        at_line(stream_.line_number()) + "); the header (" + at_line(header_line_) + ") announces " +
                        std::to_string(header_rows_));
    return builder_.finish();
  }

 private:
  // A "count dim" line: two counts and nothing else. True when `line` is one.
  bool header(std::string_view line, std::size_t n) {
    std::string_view fields[2];
    if (for_each_field(line, [&](std::size_t i, std::string_view f) { if (i < 2) fields[i] = f; }) != 2) return false;
    std::size_t rows = 0, dim = 0;
    if (!embeddings::parse_count(fields[0], rows) || !embeddings::parse_count(fields[1], dim)) return false;
    if (rows == 0) fail(source_, at_line(n) + ": the header announces 0 rows; expected at least one");
    check_dim(dim, n, "the header");
    header_line_ = n;
    header_rows_ = rows;
    std::string from = "the header (";
    from += at_line(n);
    from += ')';
    builder_.set_dim(static_cast<int>(dim), std::move(from));
    return true;
  }

  void check_dim(std::size_t dim, std::size_t n, const char* what) {
    if (dim == 0 || dim > static_cast<std::size_t>(kMaxEmbeddingDim))
      fail(source_, at_line(n) + ": " + what + " gives " + std::to_string(dim) + " values a row; expected 1 to " +
                        std::to_string(kMaxEmbeddingDim));
  }

  void row(std::string_view line, std::size_t n) {
    std::size_t word_end = 0;
    while (word_end < line.size() && !is_separator(line[word_end])) ++word_end;
    const std::string_view word = line.substr(0, word_end), rest = line.substr(word_end);
    if (word.empty()) fail(source_, at_line(n) + ": starts with a space; expected the word first");
    embeddings::require_utf8(word, source_, at_line(n));
    if (header_line_ && builder_.rows() == header_rows_)
      fail(source_, at_line(n) + ": one row more than the " + std::to_string(header_rows_) + " the header (" +
                        at_line(header_line_) + ") announces");
    if (builder_.dim() == 0) {
      const std::size_t dim = for_each_field(rest, [](std::size_t, std::string_view) {});
      if (dim == 0) fail(source_, at_line(n) + ": " + shown(word) + " has no values; expected \"word v1 ... vd\"");
      check_dim(dim, n, "the first row");
      builder_.set_dim(static_cast<int>(dim), at_line(n));
    }
    const auto dim = static_cast<std::size_t>(builder_.dim());
    float* out = builder_.add(word, n);
    std::size_t count = 0;
    if (out) {
      count = for_each_field(rest, [&](std::size_t i, std::string_view text) {
        if (i >= dim) return;
        if (const char* problem = number_problem(text, out[i]))
          fail(source_, at_line(n) + ": value " + std::to_string(i + 1) + " of " + shown(word) + ", " + shown(text) +
                            ", " + problem + "; expected a finite decimal number such as -0.418");
      });
    } else {
      count = for_each_field(rest, [](std::size_t, std::string_view) {});  // not kept: counted, not parsed
    }
    if (count != dim)
      fail(source_, at_line(n) + ": " + shown(word) + " has " + std::to_string(count) + " values; expected " +
                        std::to_string(dim) + ", as " + builder_.dim_from() + " says");
  }

  const std::string& source_;
  embeddings::ByteStream stream_;
  embeddings::TableBuilder builder_;
  bool first_ = true;
  std::size_t header_line_ = 0;  // 0: no header
  std::size_t header_rows_ = 0;
};

}  // namespace

EmbeddingTable parse_glove(std::istream& in, const std::string& source, const std::set<std::string>* wanted) {
  return GloveReader(in, source, wanted).read();
}

EmbeddingTable parse_glove(std::string_view bytes, const std::string& source, const std::set<std::string>* wanted) {
  std::istringstream in{std::string(bytes)};
  // Bytes in memory: no chunk larger than they are (the fuzzers read many small inputs).
  return GloveReader(in, source, wanted, std::min(embeddings::ByteStream::kChunk, bytes.size() + 1)).read();
}

}  // namespace mha
