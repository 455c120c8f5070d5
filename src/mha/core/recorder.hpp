#pragma once
// Recorder: how the engine writes into a trace, step by step: the tokens
// (tokenize), the parameters a run used, and each step's matrix. A Capture
// says which steps, heads and block a layer records; the toy layer records
// everything, a real model (--model) what --steps, --layers and --heads
// chose. Callers ask wants() before building a matrix only the trace would
// keep.
#include <optional>
#include <string>
#include <vector>

#include "mha/core/steps.hpp"
#include "mha/core/trace.hpp"

namespace mha {

struct Capture {
  std::optional<int> layer;  // the block's index in a model run; unset in a toy run
  StepFilter steps;          // empty: every step
  std::vector<int> heads;    // empty: every head
  bool keeps(StepName step, std::optional<int> head = std::nullopt) const;
};

class Recorder {
 public:
  // trace may be nullptr: nothing is recorded. Rows of features are labelled
  // with query_labels (or key_labels for key_rows), columns with their index.
  Recorder(Trace* trace, Capture capture = {}, Labels query_labels = {}, Labels key_labels = {});

  // The output of tokenize: Trace::tokens (the queries'), or
  // Trace::context_tokens (the keys' and values' in cross-attention, once
  // Trace::context_text is set). Not a matrix, so not in Trace::steps: every
  // trace holds its tokens, whatever the Capture keeps. Their readable forms
  // (Token::shown) then label the rows: tokens those of the queries and, until
  // context_tokens, the keys.
  void tokens(std::vector<Token> tokens);
  void context_tokens(std::vector<Token> tokens);
  // A parameter as this run used it (Trace::parameters): every one is kept.
  void parameter(std::string name, LabelledMatrix value);

  bool wants(StepName step, std::optional<int> head = std::nullopt) const {
    return trace_ != nullptr && capture_.keeps(step, head);
  }
  const Capture& capture() const { return capture_; }

  // A matrix with a row per token and a column per feature; first_col
  // numbers the columns (a head's slice starts at i·d_k). Matrices are taken
  // by value: callers move what they no longer need.
  void features(StepName name, std::optional<int> head, std::string symbol, std::string formula, Matrix m,
                Index first_col = 0, bool key_rows = false);
  // A matrix with a row per query token and a column per key token.
  void token_pairs(StepName name, int head, std::string symbol, std::string formula, Matrix m);

 private:
  Trace* trace_;
  Capture capture_;
  Labels query_labels_, key_labels_;
};

}  // namespace mha
