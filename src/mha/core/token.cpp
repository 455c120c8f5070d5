#include "mha/core/token.hpp"

namespace mha {

std::string_view to_string(TokenizerKind kind) { return kTokenizerNames.name(kind); }

TokenizerKind tokenizer_from_string(std::string_view name) { return kTokenizerNames.parse(name); }

}  // namespace mha
