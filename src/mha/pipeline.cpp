#include "mha/pipeline.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

#include "mha/core/attention.hpp"
#include "mha/core/embed.hpp"
#include "mha/core/error.hpp"
#include "mha/core/recorder.hpp"

namespace mha {

namespace {

Labels feature_labels(int d) {
  Labels l;
  for (int j = 0; j < d; ++j) l.push_back(std::to_string(j));
  return l;
}

// The embedding table as this run uses it: one row per distinct token (by
// its text, its vocabulary entry), in order of first appearance, labelled
// with its readable form; ids[t] is token t's row. The rows come from
// --embeddings (tokens it lacks as the OOV policy says, recorded in the
// trace) or are each token's random vector.
struct RunTable {
  Matrix T;  // [distinct tokens, width]
  Labels labels;
  std::vector<std::int64_t> ids;  // n
};

RunTable run_table(Trace& trace, const std::vector<Token>& tokens, int width, const AttentionRequest& request,
                   std::vector<int>& oov) {
  RunTable table;
  std::vector<std::size_t> first;  // the token whose row each table row is
  std::map<std::string, std::int64_t> row_of;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    auto [it, fresh] = row_of.try_emplace(tokens[t].text, static_cast<std::int64_t>(first.size()));
    if (fresh) {
      first.push_back(t);
      table.labels.push_back(tokens[t].shown());
    }
    table.ids.push_back(it->second);
  }
  table.T.resize(static_cast<Index>(first.size()), width);
  if (!request.embeddings) {
    for (std::size_t r = 0; r < first.size(); ++r)
      table.T.row(static_cast<Index>(r)) = random_embedding(tokens[first[r]].text, width, trace.config.seed);
    return table;
  }
  std::vector<std::string> texts;
  for (const auto& t : tokens) texts.push_back(t.text);
  OovOptions options = request.oov;
  options.seed = trace.config.seed;
  const EmbeddedTokens rows = embed_tokens(*request.embeddings, texts, options);
  for (std::size_t t : rows.missing) oov.push_back(static_cast<int>(t));
  for (const auto& note : rows.notes)
    if (std::find(trace.notes.begin(), trace.notes.end(), note) == trace.notes.end()) trace.notes.push_back(note);
  for (std::size_t r = 0; r < first.size(); ++r)
    table.T.row(static_cast<Index>(r)) = rows.E.row(static_cast<Index>(first[r]));
  return table;
}

// One sentence's vectors, tokens -> E -> X [n, width]: the steps embed and
// position, recorded with their parameters (embedding, positional_encoding)
// under names ending in `suffix` ("" for the sentence, "_ctx" for the
// context, whose rows are the recorder's keys).
Matrix sentence_vectors(Recorder& rec, Trace& trace, const std::vector<Token>& tokens, int width,
                        const std::string& suffix, const AttentionRequest& request, std::vector<int>& oov) {
  const bool keys = !suffix.empty();
  const Labels features = feature_labels(width);
  const std::string e = "E" + suffix, x = "X" + suffix;

  RunTable table = run_table(trace, tokens, width, request, oov);
  Matrix E = embed(view(table.T), table.ids);  // [n, width]: E[t] = embedding[token t]
  rec.parameter("embedding" + suffix, {std::move(table.T), std::move(table.labels), features});

  Matrix X;  // [n, width]
  std::string formula;
  if (trace.config.positional == Positional::sinusoidal) {
    const int n = static_cast<int>(tokens.size());
    Matrix P = sinusoidal_positions(n, width);  // [n, width]
    X = position(E, view(P));                  // X = E + P
    formula = x + " = " + e + " + P" + suffix;
    rec.parameter("positional_encoding" + suffix, {std::move(P), feature_labels(n), features});
  } else if (trace.config.positional == Positional::rope) {
    X = E;  // positions enter later, at the rope step, as rotations of each head's queries and keys
    formula = x + " = " + e + " (RoPE: positions turn Q and K at the rope step)";
  } else {
    X = E;
    formula = x + " = " + e + " (no positional encoding)";
  }
  rec.features(StepName::embed, std::nullopt, e, e + "[t] = embedding" + suffix + "[token t]", std::move(E), 0, keys);
  rec.features(StepName::position, std::nullopt, x, formula, X, 0, keys);
  return X;
}

void add_weight_parameters(Recorder& rec, const AttentionWeights& w) {
  auto add = [&](const char* name, const Matrix& m) {
    rec.parameter(name, {m, feature_labels(static_cast<int>(m.rows())), feature_labels(static_cast<int>(m.cols()))});
  };
  auto add_bias = [&](const char* name, const std::optional<RowVector>& b) {
    if (b) rec.parameter(name, {Matrix(*b), {"b"}, feature_labels(static_cast<int>(b->size()))});
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
  Recorder rec(&trace);  // the steps before the layer: tokenize, embed, position
  const Tokenizer tokenize_text =
      request.tokenizer ? request.tokenizer : [&](std::string_view t) { return tokenize(t, config.tokenizer); };
  rec.tokens(tokenize_text(request.text));  // tokenize: text -> tokens
  if (request.context) {
    trace.context_text = *request.context;
    rec.context_tokens(tokenize_text(*request.context));
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

  const Matrix X = sentence_vectors(rec, trace, trace.tokens, config.d_model, "", request, trace.oov_tokens);
  Matrix X_k, X_v;
  std::string key_symbol = "X", value_symbol = "X";
  if (trace.cross()) {
    const bool one = config.kdim == config.vdim;
    key_symbol = one ? "X_ctx" : "X_ctx_k";
    value_symbol = one ? "X_ctx" : "X_ctx_v";
    X_k = sentence_vectors(rec, trace, trace.context_tokens, config.kdim, one ? "_ctx" : "_ctx_k", request,
                           trace.oov_context_tokens);
    if (!one) {
      std::vector<int> again;  // the same tokens as for the keys
      X_v = sentence_vectors(rec, trace, trace.context_tokens, config.vdim, "_ctx_v", request, again);
    }
  }
  const Matrix& keys_from = trace.cross() ? X_k : X;
  const Matrix& values_from = trace.cross() ? (X_v.size() ? X_v : X_k) : X;

  const AttentionWeights w = request.weights ? *request.weights : random_weights(config);
  add_weight_parameters(rec, w);
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
