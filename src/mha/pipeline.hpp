#pragma once
// The whole run: text -> tokens -> E -> X -> multi-head attention -> Y,
// recorded step by step in a Trace. This is the library's front door.
#include <string_view>

#include "mha/config.hpp"
#include "mha/trace.hpp"

namespace mha {

// Validates the config and the text, draws the embedding table and weights
// from config.seed, and runs one multi-head attention layer. Throws mha::Error.
Trace explain_sentence(std::string_view text, const Config& config);

}  // namespace mha
