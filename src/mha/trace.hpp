#pragma once
// Trace: everything one run produced, in order. The engine appends to it;
// every view (explanation, JSON, pictures) only reads it. A trace holds
// enough to recompute every number: tokens, parameters, and each step.
#include <optional>
#include <string>
#include <vector>

#include "mha/config.hpp"
#include "mha/matrix.hpp"
#include "mha/steps.hpp"
#include "mha/tokenize.hpp"

namespace mha {

using Labels = std::vector<std::string>;

// A named matrix whose rows and columns carry labels (tokens, feature indices).
struct LabelledMatrix {
  Matrix value;
  Labels row_labels;  // size value.rows()
  Labels col_labels;  // size value.cols()
};

// One model parameter as used in this run: "embedding" (one row per distinct
// token), "positional_encoding", "W_Q", "W_K", "W_V", "W_O".
struct Parameter {
  std::string name;
  LabelledMatrix tensor;
};

struct Step {
  StepName name;
  std::optional<int> head;  // set for the per-head steps
  std::string symbol;       // what the matrix is called in formulas: "Q", "K_1", "A_0"
  std::string formula;      // how it was computed, with this run's sizes: "Q_1 = Q[:, 4:8]"
  LabelledMatrix tensor;    // masked cells hold -infinity
};

struct Trace {
  Config config;  // resolved: every size filled in
  std::string text;
  std::vector<Token> tokens;  // the queries' tokens (and keys' too, in self-attention)
  // Cross-attention: keys and values come from this second text's tokens.
  std::optional<std::string> context_text;
  std::vector<Token> context_tokens;
  std::vector<bool> key_padding;       // one per key token, true = padding (no attention); empty = no padding
  std::vector<int> fully_masked_rows;  // query rows whose every key is masked: A row = 0, C row = 0, Y row = b_O
  std::string weights_source;          // "random" or the file the weights were read from
  // --embeddings: where the rows came from, and the tokens the table lacked.
  std::string embeddings_source = "random";      // "random" or the file
  std::string oov_policy;                        // "random", "zero", "unk", "error"; "" without a table
  std::vector<int> oov_tokens, oov_context_tokens;  // indices into tokens / context_tokens
  std::vector<std::string> notes;  // what the embedding table said (missing tokens, duplicates, lower-casing), English
  std::vector<Parameter> parameters;
  std::vector<Step> steps;

  bool cross() const { return context_text.has_value(); }
  // The mask in words: "none", "causal", "padding" or "causal + padding".
  std::string mask_name() const;
  const std::vector<Token>& key_tokens() const { return cross() ? context_tokens : tokens; }
  // Labels for tables and pictures: each token's readable form (Token::shown).
  Labels key_labels() const;  // of the key tokens: the context's in cross-attention

  // The step with that name (and head, and symbol when several share a name,
  // like split_heads' Q_i, K_i, V_i); nullptr when the run has none.
  const Step* find(StepName name, std::optional<int> head = std::nullopt, std::string_view symbol = {}) const;
  const Parameter* parameter(std::string_view name) const;
  Labels token_labels() const;
};

}  // namespace mha
