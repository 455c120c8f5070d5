#pragma once
// One tokenizer for a run, whatever its kind: the built-in whitespace and
// char tokenizers, or one that needs files (a dictionary, a vocabulary).
// Files are read once, here; the result tokenizes the sentence and the
// context alike.
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "mha/text/tokenize.hpp"

namespace mha {

struct TokenizerSpec {
  TokenizerKind kind = TokenizerKind::whitespace;
  std::optional<std::filesystem::path> dict;    // dict: jieba-format dictionary (default: the shipped one)
  std::optional<std::filesystem::path> vocab;   // wordpiece: vocab.txt; bpe: vocab.json; hf: tokenizer.json
  std::optional<std::filesystem::path> merges;  // bpe: merges.txt
  bool lower_case = true;                       // wordpiece: lower-case and strip accents (uncased models)
  bool special_tokens = false;                  // wordpiece: [CLS] … [SEP]
};

using Tokenizer = std::function<std::vector<Token>(std::string_view text)>;

// The shipped dictionary, zh-small.dict.txt (samples/dict/ of the source
// tree), compiled into the library: its bytes, read from no file. Its errors
// name it kShippedDictionary.
std::string_view shipped_dictionary();
inline constexpr std::string_view kShippedDictionary = "the shipped dictionary zh-small.dict.txt";

// Reads the files the kind needs. Throws InputError when one is missing from
// the spec (naming the flag), IoError / FormatError from the readers.
Tokenizer make_tokenizer(const TokenizerSpec& spec);

}  // namespace mha
