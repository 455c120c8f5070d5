#include "mha/pipeline.hpp"

#include <map>
#include <string>

#include "mha/attention.hpp"
#include "mha/embed.hpp"
#include "mha/weights.hpp"

namespace mha {

namespace {

Labels feature_labels(int d) {
  Labels l;
  for (int j = 0; j < d; ++j) l.push_back(std::to_string(j));
  return l;
}

}  // namespace

Trace explain_sentence(std::string_view text, const Config& config) {
  config.validate();
  Trace trace;
  trace.config = config;
  trace.text = std::string(text);
  trace.tokens = tokenize(text, config.tokenizer);  // step: tokenize
  config.validate_tokens(trace.tokens.size());

  const int n = static_cast<int>(trace.tokens.size()), d = config.d_model;
  const Labels tokens = trace.token_labels();
  const Labels features = feature_labels(d);

  // embed: one table row per distinct token, in order of first appearance.
  std::map<std::string, Index> row_of;
  LabelledMatrix table{Matrix(0, d), {}, features};
  Matrix E(n, d);  // [n, d]
  for (int t = 0; t < n; ++t) {
    const std::string& tok = tokens[static_cast<std::size_t>(t)];
    auto [it, fresh] = row_of.try_emplace(tok, table.value.rows());
    if (fresh) {
      table.value.conservativeResize(table.value.rows() + 1, d);
      table.value.row(it->second) = random_embedding(tok, d, config.seed);
      table.row_labels.push_back(tok);
    }
    E.row(t) = table.value.row(it->second);
  }
  trace.parameters.push_back({"embedding", std::move(table)});
  trace.steps.push_back({StepName::embed, std::nullopt, "E", "E[t] = embedding[token t]", {E, tokens, features}});

  // position: X = E + P.
  Matrix X = E;  // [n, d]
  if (config.positional == Positional::sinusoidal) {
    const Matrix P = sinusoidal_positions(n, d);
    Labels positions;
    for (int t = 0; t < n; ++t) positions.push_back(std::to_string(t));
    trace.parameters.push_back({"positional_encoding", {P, positions, features}});
    X += P;
    trace.steps.push_back({StepName::position, std::nullopt, "X", "X = E + P", {X, tokens, features}});
  } else {
    trace.steps.push_back(
        {StepName::position, std::nullopt, "X", "X = E (no positional encoding)", {X, tokens, features}});
  }

  const AttentionWeights w = random_weights(d, config.seed);
  trace.parameters.push_back({"W_Q", {w.W_Q, features, features}});
  trace.parameters.push_back({"W_K", {w.W_K, features, features}});
  trace.parameters.push_back({"W_V", {w.W_V, features, features}});
  trace.parameters.push_back({"W_O", {w.W_O, features, features}});

  multi_head_attention(X, w, config, tokens, &trace);
  return trace;
}

}  // namespace mha
