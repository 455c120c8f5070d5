#include "mha/core/token.hpp"

#include "mha/core/error.hpp"

namespace mha {

std::string_view to_string(TokenizerKind kind) {
  switch (kind) {
    case TokenizerKind::whitespace: return "whitespace";
    case TokenizerKind::character: return "char";
    case TokenizerKind::dict: return "dict";
    case TokenizerKind::wordpiece: return "wordpiece";
    case TokenizerKind::bpe: return "bpe";
  }
  return "?";
}

TokenizerKind tokenizer_from_string(std::string_view name) {
  if (name == "whitespace") return TokenizerKind::whitespace;
  if (name == "char") return TokenizerKind::character;
  if (name == "dict") return TokenizerKind::dict;
  if (name == "wordpiece") return TokenizerKind::wordpiece;
  if (name == "bpe") return TokenizerKind::bpe;
  throw InputError("unknown tokenizer '" + std::string(name) + "'; expected whitespace, char, dict, wordpiece or bpe");
}

}  // namespace mha
