#pragma once
// bpe: GPT-2's byte-level BPE over a vocab.json (token -> id) and a
// merges.txt (one merge "left right" a line, best first), as OpenAI's
// encoder.py does it:
//
//  1. Pre-tokenizer, GPT-2's pattern
//       's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//     with Unicode categories from utf8proc and \s the White_Space property:
//     contractions, then an optional space and a run of letters, of numbers
//     or of other symbols; a run of white space leaves its last character to
//     the word after it ("a   b" -> "a" "  " " b").
//  2. Each piece as bytes, each byte spelled as one symbol (bytes_to_unicode:
//     printable Latin-1 stands for itself, the rest shift to U+0100.., so the
//     space is "Ġ" and the newline "Ċ").
//  3. Merges by rank: the adjacent pair whose merge comes first in
//     merges.txt is merged everywhere in the piece, again and again, until no
//     pair has a merge. (A heap, so a 10 000-character piece stays fast.)
//
// Each token's text is its vocabulary entry ("Ġworld", "èĬ"); its label is
// the input text it stands for (" world", "芝"). A token that holds only
// part of a UTF-8 character is `partial`, and its label shows the characters
// it touches with "…" where it cuts one: the bytes E8 8A of 芝 (E8 8A 9D) are
// "芝…", the byte 9D "…芝", a middle byte of an emoji "…🍟…".
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mha/text/source.hpp"
#include "mha/text/tokenize.hpp"

namespace mha {

class ByteBpe {
 public:
  // Throws IoError when a file cannot be read; FormatError naming the file
  // and the line for vocab.json that is not a JSON object of token -> whole
  // number, a token given twice, and merges.txt lines that are not "left
  // right" of two vocabulary tokens whose join is in the vocabulary too;
  // FormatError naming vocab.json when one of the 256 byte symbols is
  // missing from it.
  static ByteBpe load(const std::filesystem::path& vocab_json, const std::filesystem::path& merges_txt);
  static ByteBpe parse(std::string_view vocab_json, std::string vocab_source, std::string_view merges_txt,
                       std::string merges_source);

  // Tokens with their vocabulary ids. Throws InputError for invalid UTF-8
  // and for empty text (white space alone is tokens here, as in GPT-2).
  std::vector<Token> tokenize(std::string_view text) const;

  // Step 1 alone: the pieces of the text, in order (they cover it all).
  // Throws InputError for invalid UTF-8.
  static std::vector<std::string_view> pre_tokenize(std::string_view text);

  // Step 2: the symbol that spells a byte (U+0021..U+00FF, U+0100..U+0143).
  static char32_t byte_symbol(unsigned char byte);

  std::size_t size() const { return names_.size(); }
  std::size_t merges() const { return merges_.size(); }

  // The vocabulary entry with this id ("Ġworld"), or nullptr.
  const std::string* token_of(std::int64_t id) const;
  // The text an entry stands for: its byte symbols mapped back to bytes
  // ("Ġworld" -> " world"); a run of bytes that is not whole UTF-8 is shown
  // as "…" ("èĬ", the first two bytes of 芝, -> "…").
  static std::string readable(std::string_view token);

 private:
  ByteBpe() = default;
  std::vector<std::uint32_t> merge_piece(std::string_view bytes, std::vector<std::size_t>& starts) const;

  // Entries in vocab.json order: names_[e] is the token, ids_[e] its id.
  std::vector<std::string> names_;
  std::vector<std::int64_t> ids_;
  text::StringMap<std::uint32_t> entry_;                // token -> entry
  std::array<std::uint32_t, 256> byte_entry_{};          // byte -> entry of its symbol
  struct Merge {
    std::uint32_t rank;    // line order in merges.txt, 0 first
    std::uint32_t result;  // entry of the joined token
  };
  std::unordered_map<std::uint64_t, Merge> merges_;     // (left entry << 32 | right entry) -> merge
};

}  // namespace mha
