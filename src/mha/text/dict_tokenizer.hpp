#pragma once
// dict: segmentation of unspaced Chinese with a word list in jieba's format,
// as jieba 0.42 does it with its HMM off (jieba.cut(text, HMM=False)):
//
//  1. The text is cut into blocks: runs of "Han" characters (U+4E00..U+9FD5,
//     ASCII letters and digits, and + # & . _ % -) and everything else.
//  2. In a Han block every dictionary word found at every position makes a
//     DAG; the route through it of greatest log probability wins, a word's
//     probability being freq/total (a character the dictionary lacks counts
//     as frequency 1). Of two routes equally likely from a position, the one
//     whose first word is longer wins.
//     Single ASCII letters and digits left on the route join into one token
//     ("abc", "2024").
//  3. Outside Han blocks each character is a token of its own, except "\r\n",
//     which is one; white space is a token too in jieba.
//
// The dictionary: one word a line, "word frequency [tag]", separated by
// single spaces; the frequency is a decimal count (0 makes the word a prefix
// only, as in jieba). No blank lines and no comments (jieba allows neither);
// a UTF-8 byte-order mark at the start is skipped.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mha/text/source.hpp"
#include "mha/text/tokenize.hpp"

namespace mha {

class DictTokenizer {
 public:
  // Words and every prefix of a word (frequency 0 unless a word itself).
  using Table = text::StringMap<std::int64_t>;

  // Throws IoError when the file cannot be read, FormatError naming the file
  // and the line for a line that is not "word frequency [tag]".
  static DictTokenizer load(const std::filesystem::path& path);
  // The same from bytes in memory; `source` names them in errors.
  static DictTokenizer parse(std::string_view bytes, std::string source);

  // The words of the text (step 1-3 above) without the white-space tokens,
  // each with its exact byte range. Throws InputError for invalid UTF-8 and
  // for text that holds no word.
  std::vector<Token> tokenize(std::string_view text) const;

  // jieba's output token for token, white space included (what the tests
  // compare with jieba itself). Empty for empty text.
  std::vector<Token> segment(std::string_view text) const;

  std::size_t words() const { return words_; }  // lines of the dictionary

 private:

  DictTokenizer() = default;

  Table freq_;
  double log_total_ = 0;  // log of the sum of all frequencies
  std::size_t words_ = 0;
};

}  // namespace mha
