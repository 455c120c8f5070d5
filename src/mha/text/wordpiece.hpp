#pragma once
// wordpiece: BERT's tokenizer over a vocab.txt (one token a line, its id the
// line number minus one), as Google's tokenization.py and Hugging Face's
// BertTokenizer do it:
//
//  1. Basic tokenizer: drop NUL, U+FFFD and control/format characters (C*);
//     white space (Zs, \t \n \r) separates words; every CJK ideograph is a
//     word of its own; lower-case and strip accents (NFD, drop Mn) when
//     asked; every punctuation character (P*, and all ASCII symbols) is a
//     word of its own.
//  2. WordPiece: each word, greedy longest match first from the vocabulary,
//     pieces after the first spelled "##piece"; a word it cannot cover, or
//     longer than 100 characters, is one [UNK].
//  3. [CLS] first and [SEP] last when asked.
//
// Byte ranges point into the original text: a piece covers from the first
// byte of the character its first letter came from to the last byte of the
// character its last letter came from. Lower-casing maps one character to one
// (utf8proc's simple mapping; İ gives i + U+0307 as Python does); accent
// stripping drops marks, so "Café" -> "cafe" covers all 5 bytes of "Café". A
// character that NFD splits in two (Hangul syllables into jamo) may have its
// parts in two pieces: both pieces then cover that character's bytes.
// [CLS] has the empty range at 0, [SEP] the empty range at the end.
//
// Not done: Hugging Face's never_split (the text "[CLS]" is punctuation and a
// word here, as in Google's original) and Python's final-sigma rule (Σ at the
// end of a word lower-cases to σ here, ς in Python).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mha/text/source.hpp"
#include "mha/text/tokenize.hpp"

namespace mha {

struct WordPieceOptions {
  bool lower_case = true;           // bert-base-uncased; false for the cased models
  bool strip_accents = true;        // Hugging Face's default follows lower_case
  bool add_special_tokens = false;  // [CLS] ... [SEP]
};

class WordPiece {
 public:
  static constexpr std::size_t kMostCharsPerWord = 100;  // longer words are [UNK]

  // Throws IoError when the file cannot be read; FormatError naming the file
  // and line for an empty line, invalid UTF-8, white space inside a token or
  // a token given twice; FormatError naming the file when [UNK] (or, with
  // add_special_tokens, [CLS] or [SEP]) is missing.
  static WordPiece load(const std::filesystem::path& vocab, WordPieceOptions options = {});
  static WordPiece parse(std::string_view bytes, std::string source, WordPieceOptions options = {});

  // Tokens with their vocabulary ids. Throws InputError for invalid UTF-8
  // and for text that holds no word.
  std::vector<Token> tokenize(std::string_view text) const;

  std::size_t size() const { return vocab_.size(); }
  // The id of a whole vocabulary entry ("[PAD]"), or -1 when it has none.
  std::int64_t id_of(std::string_view token) const;

 private:
  WordPiece() = default;

  text::StringMap<std::int64_t> vocab_;
  WordPieceOptions options_;
  std::int64_t unk_ = -1, cls_ = -1, sep_ = -1;
  std::size_t longest_ = 0;  // characters in the longest token: no longer match is tried
};

}  // namespace mha
