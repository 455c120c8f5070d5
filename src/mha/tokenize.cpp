#include "mha/tokenize.hpp"

#include "mha/error.hpp"
#include "mha/utf8.hpp"

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

std::vector<Token> tokenize(std::string_view text, TokenizerKind kind) {
  if (kind != TokenizerKind::whitespace && kind != TokenizerKind::character)
    throw InputError("the " + std::string(to_string(kind)) +
                     " tokenizer needs its files; build it with make_tokenizer (text/tokenizer.hpp)");
  const auto cps = utf8::decode(text, "sentence");
  std::vector<Token> tokens;
  auto emit = [&](std::size_t begin, std::size_t end) {
    tokens.push_back({std::string(text.substr(begin, end - begin)), begin, end});
  };
  if (kind == TokenizerKind::character) {
    for (const auto& c : cps)
      if (!utf8::is_space(c.value)) emit(c.offset, c.offset + c.length);
  } else {
    std::size_t start = 0;
    bool inside = false;
    for (const auto& c : cps) {
      if (utf8::is_space(c.value)) {
        if (inside) emit(start, c.offset);
        inside = false;
      } else if (!inside) {
        start = c.offset;
        inside = true;
      }
    }
    if (inside) emit(start, text.size());
  }
  if (tokens.empty()) throw no_token_error(text);
  return tokens;
}

InputError no_token_error(std::string_view text) {
  return InputError(text.empty() ? "sentence: empty; expected at least one token"
                                 : "sentence: only white space; expected at least one token");
}

}  // namespace mha
