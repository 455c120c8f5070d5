#include "mha/text/tokenize.hpp"

#include "mha/core/error.hpp"
#include "mha/text/utf8.hpp"

namespace mha {

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
