#pragma once
// The whole run: text -> tokens -> E -> X -> multi-head attention -> Y,
// recorded step by step in a Trace. This is the library's front door.
#include <optional>
#include <string>
#include <string_view>

#include "mha/core/config.hpp"
#include "mha/embeddings/embedding_table.hpp"
#include "mha/embeddings/oov.hpp"
#include "mha/text/tokenizer.hpp"
#include "mha/core/trace.hpp"
#include "mha/core/weights.hpp"

namespace mha {

// What one run reads besides the config.
struct AttentionRequest {
  std::string text;                          // the queries' sentence
  std::optional<std::string> context;        // cross-attention: keys and values from this sentence
  std::optional<AttentionWeights> weights;   // nullopt: drawn from config.seed (random_weights)
  std::string weights_source = "random";     // recorded in the trace: "random" or the file
  Tokenizer tokenizer;                       // empty: config.tokenizer (whitespace or char)
  const EmbeddingTable* embeddings = nullptr;  // --embeddings: rows from this table; nullptr: random rows
  OovOptions oov;                            // tokens the table lacks (its seed is taken from the config)
};

// Validates the config and the texts, draws the embeddings (and the weights
// unless given), and runs one multi-head attention layer. Throws mha::Error.
Trace run_attention(const AttentionRequest& request, const Config& config);

// Self-attention over one sentence with random weights.
Trace explain_sentence(std::string_view text, const Config& config);

}  // namespace mha
