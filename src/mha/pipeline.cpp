#include "mha/pipeline.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "mha/core/attention.hpp"
#include "mha/core/embed.hpp"
#include "mha/core/error.hpp"

namespace mha {

namespace {

Labels feature_labels(int d) {
  Labels l;
  for (int j = 0; j < d; ++j) l.push_back(std::to_string(j));
  return l;
}

// embed and position for one sentence at one width: appends the table and
// positional encoding as parameters and the steps E, X, all named with
// `suffix` ("" for the sentence, "_ctx" for the context). Returns X [n, width].
// The rows of E: from the table when there is one (tokens it lacks as the
// OOV policy says, recorded in the trace), else each token's random vector.
Matrix embedding_rows(Trace& trace, const std::vector<Token>& token_list, int width, const AttentionRequest& request,
                      std::vector<int>& oov) {
  const int n = static_cast<int>(token_list.size());
  Matrix E(n, width);  // [n, width]
  if (!request.embeddings) {
    for (int t = 0; t < n; ++t)
      E.row(t) = random_embedding(token_list[static_cast<std::size_t>(t)].text, width, trace.config.seed);
    return E;
  }
  std::vector<std::string> texts;
  for (const auto& t : token_list) texts.push_back(t.text);
  OovOptions options = request.oov;
  options.seed = trace.config.seed;
  EmbeddedTokens rows = embed_tokens(*request.embeddings, texts, options);
  for (std::size_t t : rows.missing) oov.push_back(static_cast<int>(t));
  for (auto& note : rows.notes)
    if (std::find(trace.notes.begin(), trace.notes.end(), note) == trace.notes.end()) trace.notes.push_back(note);
  return std::move(rows.E);
}

// Rows are looked up by the token's text (its vocabulary entry) and labelled
// with its readable form.
Matrix embed_and_position(Trace& trace, const std::vector<Token>& token_list, int width, const std::string& suffix,
                          const AttentionRequest& request, std::vector<int>& oov) {
  const Config& config = trace.config;
  const int n = static_cast<int>(token_list.size());
  Labels tokens;
  for (const auto& t : token_list) tokens.push_back(t.shown());
  const Labels features = feature_labels(width);

  // embed: the rows, and the table as this run used it: one row per
  // distinct token, in order of first appearance.
  const Matrix E = embedding_rows(trace, token_list, width, request, oov);  // [n, width]
  std::map<std::string, Index> row_of;
  LabelledMatrix table{Matrix(0, width), {}, features};
  for (int t = 0; t < n; ++t) {
    auto [it, fresh] = row_of.try_emplace(token_list[static_cast<std::size_t>(t)].text, table.value.rows());
    if (!fresh) continue;
    table.value.conservativeResize(table.value.rows() + 1, width);
    table.value.row(it->second) = E.row(t);
    table.row_labels.push_back(tokens[static_cast<std::size_t>(t)]);
  }
  const std::string e = "E" + suffix, x = "X" + suffix;
  trace.parameters.push_back({"embedding" + suffix, std::move(table)});
  trace.steps.push_back(
      {StepName::embed, std::nullopt, e, e + "[t] = embedding" + suffix + "[token t]", {E, tokens, features}});

  // position: X = E + P.
  Matrix X = E;  // [n, width]
  if (config.positional == Positional::sinusoidal) {
    const Matrix P = sinusoidal_positions(n, width);
    Labels positions;
    for (int t = 0; t < n; ++t) positions.push_back(std::to_string(t));
    trace.parameters.push_back({"positional_encoding" + suffix, {P, positions, features}});
    X += P;
    trace.steps.push_back({StepName::position, std::nullopt, x, x + " = " + e + " + P" + suffix, {X, tokens, features}});
  } else {
    trace.steps.push_back(
        {StepName::position, std::nullopt, x, x + " = " + e + " (no positional encoding)", {X, tokens, features}});
  }
  return X;
}

void add_weight_parameters(Trace& trace, const AttentionWeights& w) {
  auto add = [&](const char* name, const Matrix& m) {
    trace.parameters.push_back({name, {m, feature_labels(static_cast<int>(m.rows())), feature_labels(static_cast<int>(m.cols()))}});
  };
  auto add_bias = [&](const char* name, const std::optional<RowVector>& b) {
    if (b) trace.parameters.push_back({name, {Matrix(*b), {"b"}, feature_labels(static_cast<int>(b->size()))}});
  };
  add("W_Q", w.W_Q);
  add("W_K", w.W_K);
  add("W_V", w.W_V);
  add("W_O", w.W_O);
  add_bias("b_Q", w.b_Q);
  add_bias("b_K", w.b_K);
  add_bias("b_V", w.b_V);
  add_bias("b_O", w.b_O);
}

}  // namespace

Trace run_attention(const AttentionRequest& request, const Config& requested) {
  Trace trace;
  trace.config = requested.resolved();
  const Config& config = trace.config;
  trace.text = request.text;
  const Tokenizer tokenize_text =
      request.tokenizer ? request.tokenizer : [&](std::string_view t) { return tokenize(t, config.tokenizer); };
  trace.tokens = tokenize_text(request.text);  // step: tokenize
  if (request.context) {
    trace.context_text = *request.context;
    trace.context_tokens = tokenize_text(*request.context);
  } else if (config.kdim != config.d_model || config.vdim != config.d_model) {
    throw ShapeError("kdim " + std::to_string(config.kdim) + " and vdim " + std::to_string(config.vdim) +
                     " differ from d_model " + std::to_string(config.d_model) +
                     ": keys and values then come from another sentence; give one with --context");
  }
  config.validate_tokens(trace.tokens.size(), trace.key_tokens().size());
  trace.weights_source = request.weights_source;
  if (request.embeddings) {
    const EmbeddingTable& table = *request.embeddings;
    require_dimension(table, config.d_model);
    if (trace.cross() && (config.kdim != table.dim || config.vdim != table.dim))
      throw ShapeError(table.source + " gives " + std::to_string(table.dim) + "-wide vectors, but the context needs kdim " +
                       std::to_string(config.kdim) + " and vdim " + std::to_string(config.vdim) +
                       "; expected weights whose kdim and vdim equal the table's width");
    trace.embeddings_source = table.source;
    trace.oov_policy = std::string(to_string(request.oov.policy));
    trace.notes = table.notes;
  }

  const Labels queries = trace.token_labels(), keys = trace.key_labels();
  if (!config.pad_token.empty()) {
    for (const auto& k : trace.key_tokens()) trace.key_padding.push_back(k.text == config.pad_token);
    if (std::find(trace.key_padding.begin(), trace.key_padding.end(), true) == trace.key_padding.end())
      trace.key_padding.clear();  // nothing to mask: the run is the same as without --pad
  }

  const Matrix X = embed_and_position(trace, trace.tokens, config.d_model, "", request, trace.oov_tokens);
  Matrix X_k, X_v;
  std::string key_symbol = "X", value_symbol = "X";
  if (trace.cross()) {
    const bool one = config.kdim == config.vdim;
    key_symbol = one ? "X_ctx" : "X_ctx_k";
    value_symbol = one ? "X_ctx" : "X_ctx_v";
    X_k = embed_and_position(trace, trace.context_tokens, config.kdim, one ? "_ctx" : "_ctx_k", request,
                             trace.oov_context_tokens);
    if (!one) {
      std::vector<int> again;  // the same tokens as for the keys
      X_v = embed_and_position(trace, trace.context_tokens, config.vdim, "_ctx_v", request, again);
    }
  }
  const Matrix& keys_from = trace.cross() ? X_k : X;
  const Matrix& values_from = trace.cross() ? (X_v.size() ? X_v : X_k) : X;

  const AttentionWeights w = request.weights ? *request.weights : random_weights(config);
  add_weight_parameters(trace, w);
  trace.config.bias = w.b_Q.has_value();
  trace.fully_masked_rows = fully_masked_rows(X.rows(), keys_from.rows(), config.causal, trace.key_padding);

  const AttentionInput in{X, keys_from, values_from, queries, keys, trace.key_padding, key_symbol, value_symbol};
  multi_head_attention(in, w, trace.config, &trace);
  return trace;
}

Trace explain_sentence(std::string_view text, const Config& config) {
  AttentionRequest request;
  request.text = std::string(text);
  return run_attention(request, config);
}

}  // namespace mha
