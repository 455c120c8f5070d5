#include "mha/embeddings/byte_stream.hpp"

#include <algorithm>
#include <cstring>

#include "mha/core/error.hpp"

namespace mha::embeddings {

ByteStream::ByteStream(std::istream& in, std::string_view source, std::size_t chunk)
    : in_(in), source_(source), chunk_(std::max<std::size_t>(chunk, 1)) {}

bool ByteStream::fill() {
  if (eof_) return false;
  buffer_.erase(0, pos_);  // keep only the unread bytes
  consumed_ += pos_;
  pos_ = 0;
  const std::size_t old = buffer_.size();
  buffer_.resize(old + chunk_);
  in_.read(buffer_.data() + old, static_cast<std::streamsize>(chunk_));
  const auto got = static_cast<std::size_t>(in_.gcount());
  buffer_.resize(old + got);
  if (in_.bad()) throw IoError(source_ + ": cannot read");
  if (got < chunk_) eof_ = true;
  return got > 0;
}

std::optional<std::string_view> ByteStream::line(std::size_t max) {
  std::size_t scanned = 0;  // bytes after pos_ known to hold no '\n'
  for (;;) {
    const char* begin = buffer_.data() + pos_;
    const std::size_t available = buffer_.size() - pos_;
    if (const void* nl = std::memchr(begin + scanned, '\n', available - scanned)) {
      const auto length = static_cast<std::size_t>(static_cast<const char*>(nl) - begin);
      pos_ += length + 1;
      ++line_number_;
      return std::string_view(begin, std::min(length, max + 1));
    }
    scanned = available;
    if (available > max) {  // too long: the caller refuses it
      ++line_number_;
      return std::string_view(begin, max + 1);
    }
    if (!fill()) {
      if (available == 0) return std::nullopt;
      pos_ = buffer_.size();  // the last line has no '\n'
      ++line_number_;
      return std::string_view(buffer_.data() + pos_ - available, available);
    }
  }
}

std::optional<std::string_view> ByteStream::until(char delim, std::size_t max) {
  std::size_t scanned = 0;
  for (;;) {
    const char* begin = buffer_.data() + pos_;
    const std::size_t available = buffer_.size() - pos_;
    const std::size_t limit = std::min(available, max + 1);
    if (const void* hit = std::memchr(begin + scanned, delim, limit - scanned)) {
      const auto length = static_cast<std::size_t>(static_cast<const char*>(hit) - begin);
      pos_ += length + 1;
      return std::string_view(begin, length);
    }
    scanned = limit;
    if (limit > max || !fill()) return std::nullopt;
  }
}

std::string_view ByteStream::take(std::size_t n) {
  while (buffer_.size() - pos_ < n && fill()) {
  }
  const std::size_t got = std::min(n, buffer_.size() - pos_);
  const std::string_view bytes(buffer_.data() + pos_, got);
  pos_ += got;
  return bytes;
}

int ByteStream::peek() {
  if (pos_ == buffer_.size() && !fill()) return -1;
  return static_cast<unsigned char>(buffer_[pos_]);
}

void ByteStream::skip(std::size_t n) { pos_ = std::min(buffer_.size(), pos_ + n); }

}  // namespace mha::embeddings
