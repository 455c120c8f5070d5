#pragma once
// tokenize: text -> tokens. Step 1 of the pipeline.
#include <string>
#include <string_view>
#include <vector>

namespace mha {

enum class TokenizerKind {
  whitespace,  // split on Unicode white space: "我 喜欢 吃" -> 我 | 喜欢 | 吃
  character,   // one token per code point, white space dropped: "喜欢" -> 喜 | 欢
};

std::string_view to_string(TokenizerKind kind);  // "whitespace", "char"
TokenizerKind tokenizer_from_string(std::string_view name);  // throws InputError

struct Token {
  std::string text;        // the token's bytes (valid UTF-8)
  std::size_t byte_begin;  // where it starts in the input text
  std::size_t byte_end;    // one past its last byte
};

// Throws InputError for invalid UTF-8 (with the byte offset) and for text
// that holds no token at all.
std::vector<Token> tokenize(std::string_view text, TokenizerKind kind);

}  // namespace mha
