#pragma once
// tokenize: text -> tokens. Step 1 of the pipeline. The tokenizers that need a
// dictionary or a vocabulary (dict, wordpiece, bpe) are in mha/text/.
#include <string>
#include <string_view>
#include <vector>

#include "mha/core/token.hpp"

namespace mha {

class InputError;

// Throws InputError for invalid UTF-8 (with the byte offset) and for text
// that holds no token at all.
std::vector<Token> tokenize(std::string_view text, TokenizerKind kind);

// The error every tokenizer throws for a text that holds no token: empty or
// only white space.
InputError no_token_error(std::string_view text);

}  // namespace mha
