#pragma once
// Reading a large file in chunks (private to the embedding loaders): lines
// for the text formats, counted bytes for word2vec binary. Only the chunk
// being read and the unfinished piece of the one before are held, so memory
// does not grow with the file. Views returned stay valid until the next call.
#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace mha::embeddings {

class ByteStream {
 public:
  static constexpr std::size_t kChunk = std::size_t{1} << 20;

  // `source` names the stream in errors (IoError when reading fails).
  ByteStream(std::istream& in, std::string_view source, std::size_t chunk = kChunk);
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // The next line without its '\n' (a '\r' before it is kept), or nullopt at
  // the end. A line longer than `max` bytes is returned cut to max + 1 bytes,
  // for the caller to refuse; the rest of it is skipped.
  std::optional<std::string_view> line(std::size_t max);
  std::size_t line_number() const { return line_number_; }  // of the last line, from 1

  // The bytes up to `delim`, which is consumed too; nullopt when the stream
  // ends first (then buffered() <= max: what is left) or more than `max`
  // bytes come before it (buffered() > max).
  std::optional<std::string_view> until(char delim, std::size_t max);
  std::size_t buffered() const { return buffer_.size() - pos_; }

  // Up to n bytes: fewer only at the end of the stream.
  std::string_view take(std::size_t n);

  // The next byte without consuming it; -1 at the end.
  int peek();
  bool at_end() { return peek() < 0; }
  void skip(std::size_t n);  // n bytes that are already buffered (after peek/until)

  std::size_t offset() const { return consumed_ + pos_; }  // bytes of the stream consumed so far

 private:
  // Reads one more chunk after the buffered bytes; false at the end.
  bool fill();

  std::istream& in_;
  std::string source_;
  std::size_t chunk_;
  std::string buffer_;
  std::size_t pos_ = 0;        // first unread byte of buffer_
  std::size_t consumed_ = 0;   // stream offset of buffer_[0]
  std::size_t line_number_ = 0;
  bool eof_ = false;
};

}  // namespace mha::embeddings
