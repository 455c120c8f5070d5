#include "mha/io/npy_header.hpp"

#include <optional>

#include "mha/io/detail/io_detail.hpp"

namespace mha::io::detail {

namespace {

class Parser {
 public:
  Parser(std::string_view text, std::string_view source, std::size_t base) : text_(text), source_(source), base_(base) {}

  NpyHeader header() {
    NpyHeader h;
    bool seen[3] = {false, false, false};
    skip_ws();
    expect('{', "'{' opening the header dict");
    skip_ws();
    while (!at('}')) {
      const std::size_t key_at = pos_;
      const std::string key = string_literal("a key ('descr', 'fortran_order' or 'shape')");
      skip_ws();
      expect(':', "':' after the key");
      skip_ws();
      int index = 0;
      if (key == "descr") {
        h.descr = string_literal("a string such as '<f4' for 'descr' (structured dtypes are not supported)");
      } else if (key == "fortran_order") {
        index = 1;
        h.fortran_order = boolean();
      } else if (key == "shape") {
        index = 2;
        h.shape = tuple();
      } else {
        fail_at(key_at, "unknown key " + quote(key) + " (allowed: 'descr', 'fortran_order', 'shape')");
      }
      if (seen[index]) fail_at(key_at, "key " + quote(key) + " appears twice");
      seen[index] = true;
      skip_ws();
      if (at(',')) {
        ++pos_;
        skip_ws();
      } else if (!at('}')) {
        error("',' or '}' after the value of " + quote(key));
      }
    }
    ++pos_;
    skip_ws();
    if (pos_ != text_.size()) error("only spaces and a newline after the closing '}'");
    static constexpr const char* kKeys[3] = {"descr", "fortran_order", "shape"};
    for (int i = 0; i < 3; ++i)
      if (!seen[i])
        fail(source_, std::string("npy header has no '") + kKeys[i] + "' key (it needs 'descr', 'fortran_order' and 'shape')");
    return h;
  }

 private:
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  [[noreturn]] void fail_at(std::size_t pos, const std::string& what) const {
    fail(source_, "npy header at byte " + std::to_string(base_ + pos) + ": " + what);
  }

  [[noreturn]] void error(const std::string& expected) const {
    std::string got = "the end of the header";
    if (pos_ < text_.size()) got = quote(text_.substr(pos_, 1));
    fail_at(pos_, "expected " + expected + ", got " + got);
  }

  void expect(char c, const char* what) {
    if (!at(c)) error(what);
    ++pos_;
  }

  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  std::string string_literal(const std::string& what) {
    if (!at('\'') && !at('"')) error(what);
    const char q = text_[pos_++];
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != q) {
      if (text_[pos_] == '\\' || text_[pos_] == '\n') error(std::string("a closing ") + q + " (escapes are not supported)");
      ++pos_;
    }
    if (pos_ == text_.size()) error(std::string("a closing ") + q);
    return std::string(text_.substr(start, pos_++ - start));
  }

  bool boolean() {
    for (const auto& [word, value] : {std::pair{std::string_view("True"), true}, std::pair{std::string_view("False"), false}})
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    error("True or False for 'fortran_order'");
  }

  std::optional<std::int64_t> integer() {
    const std::size_t start = pos_;
    std::int64_t v = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const int digit = text_[pos_] - '0';
      if (v > (INT64_MAX - digit) / 10) error("a dimension below 2^63");
      v = v * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    if (at('L')) ++pos_;  // Python 2 wrote long integers as 3L
    return v;
  }

  std::vector<std::int64_t> tuple() {
    const char* what = "a tuple of non-negative integers such as (3, 4) for 'shape'";
    expect('(', what);
    std::vector<std::int64_t> shape;
    skip_ws();
    bool comma = false;  // after the last integer
    while (!at(')')) {
      if (!shape.empty() && !comma) error("',' or ')' in the shape tuple");
      const auto v = integer();
      if (!v) error(what);
      shape.push_back(*v);
      skip_ws();
      comma = at(',');
      if (comma) {
        ++pos_;
        skip_ws();
      }
    }
    // (5) is the number 5 in Python, not a tuple: one entry needs its comma.
    if (shape.size() == 1 && !comma) error("',' after the only dimension, as in (5,)");
    ++pos_;
    return shape;
  }

  std::string_view text_;
  std::string_view source_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

}  // namespace

NpyHeader parse_npy_header(std::string_view text, std::string_view source, std::size_t base) {
  return Parser(text, source, base).header();
}

}  // namespace mha::io::detail
