#pragma once
// Trace: everything one run produced, in order. The engine appends to it;
// every view (explanation, JSON, pictures) only reads it. A trace holds
// enough to recompute every number: tokens, parameters, and each step.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mha/core/config.hpp"
#include "mha/core/matrix.hpp"
#include "mha/core/steps.hpp"
#include "mha/core/token.hpp"

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
  // Real models (--model): the block it belongs to, 0-based; unset for the
  // model's input (embed, position) and its final layer_norm. Toy runs (one
  // layer, no --model) leave it unset everywhere.
  std::optional<int> layer = std::nullopt;
};

// --model runs: the checkpoint and what of it was captured.
struct ModelInfo {
  std::string type;    // "gpt2", "bert", "llama", "mistral", "qwen2" or "qwen3" (config.json's model_type)
  std::string source;  // the folder given to --model
  std::string dtype;   // of the weights as stored: "F32", "F16", "BF16"
  int layers = 0;          // blocks (n_layer / num_hidden_layers)
  int heads = 0;           // per block
  int d_model = 0;         // n_embd / hidden_size
  int d_ff = 0;            // the MLP's inner width (4·n_embd / intermediate_size)
  int vocab_size = 0;
  int max_positions = 0;   // n_positions / max_position_embeddings
  float layer_norm_eps = 0.0f;
  std::vector<int> captured_layers;  // --layers (every block by default), ascending
  std::vector<int> captured_heads;   // --heads (every head by default), ascending
  std::vector<int> token_types;      // BERT: one per token, 0 for the text, 1 for --pair's; empty for GPT-2
  bool truncated = false;            // --truncate cut the text to max_positions tokens
  // The Llama family (llama, mistral, qwen2, qwen3); unset for GPT-2 and BERT.
  struct Decoder {
    int kv_heads = 0;          // num_key_value_heads: query head i reads key/value head i / (heads / kv_heads)
    int head_dim = 0;          // d_k = d_v of every head
    double rope_theta = 0;     // RoPE's base θ
    std::string rope_scaling;  // "none", "linear" or "llama3"
    std::vector<int> sliding_windows;  // per block: its window w, 0 for full attention
    bool tied_embeddings = false;      // the output layer is the embedding table
    bool qk_norm = false;              // Qwen3: RMSNorm of each head's queries and keys
    std::string torch_dtype;           // config.json's, "" when absent
    bool output_bias = false;          // o_proj has a bias (Qwen2 has q/k/v biases, none on o_proj)
    double rope_factor = 1;            // rope_scaling's factor (1 without scaling)
  };
  std::optional<Decoder> decoder;
};

// How a model type is named in titles, tables and sentences: "GPT-2" for
// "gpt2", "BERT" for "bert", else the type as given.
std::string model_title(std::string_view type);
inline std::string model_title(const ModelInfo& model) { return model_title(model.type); }

// GPT-2: one of the most likely next tokens after the text (tied output
// embedding: logits = h_last·W_teᵀ).
struct Prediction {
  int id = 0;
  std::string token;  // readable, as Token::shown
  float logit = 0.0f;
  float probability = 0.0f;  // softmax over the whole vocabulary
};

// What one head's weights A (the softmax step) do, averaged over its query
// rows that have a choice (at least two visible keys, and some weight);
// model/analysis.hpp computes it. Shares are in [0, 1].
struct HeadStats {
  int layer = 0, head = 0;
  float entropy = 0.0f;      // mean of −Σ_k A[q,k]·log₂ A[q,k], in bits
  float max_entropy = 0.0f;  // the same for uniform rows over the visible keys: the most a row can have
  float previous = 0.0f;     // mean A[q, q−1] over q ≥ 1
  float self = 0.0f;         // mean A[q, q]
  float first = 0.0f;        // mean A[q, 0]: GPT-2's first token, BERT's [CLS]
  float separator = 0.0f;    // mean Σ A[q, k] over the [SEP] keys k (BERT); 0 otherwise
  // mean Σ A[q, k] over the earlier keys k < q with q's token id (docs/heads.md),
  // over the duplicate_rows rows with a choice that have such a key; 0 when none has
  float duplicate = 0.0f;
  int duplicate_rows = 0;
  float punctuation = 0.0f;  // mean Σ A[q, k] over the keys k whose text is punctuation (Unicode P*)
  // --probe induction: mean A[i, i − N + 1] over the second copy i ∈ [N, 2N) of
  // a random sequence of N ids shown twice (TransformerLens's detector); unset without the probe
  std::optional<float> induction;
  std::vector<int> top_key;  // per query row: the key it gives the most weight (−1 for a row with none)
  std::string role;          // "previous", "self", "first", "separator", "broad" or "mixed" (model/analysis.hpp)
};

// --probe induction: the sequence the induction scores were measured on.
struct InductionProbe {
  int length = 0;                 // N: ids drawn, each shown twice
  std::uint64_t seed = 0;         // --seed
  std::vector<std::int64_t> ids;  // [2N]: r_0 … r_{N−1} r_0 … r_{N−1} (model/analysis.hpp)
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
  // --model runs only (the rest of the trace is filled as for the toy layer,
  // config holding the model's sizes).
  std::optional<ModelInfo> model;
  std::vector<Prediction> predictions;  // GPT-2: top next tokens, most likely first
  // Attention rollout (Abnar & Zuidema 2020) over every block and head:
  // R = Π_l (½·mean_h A_l,h + ½·I), rows renormalised; row q: how much of
  // each input token flows into the last block's vector for token q.
  std::optional<LabelledMatrix> rollout;
  std::vector<HeadStats> head_stats;  // per captured (layer, head), in that order
  std::optional<InductionProbe> induction_probe;  // --probe induction: HeadStats::induction's sequence

  bool cross() const { return context_text.has_value(); }
  // The mask in words: "none", "causal", "padding" or "causal + padding".
  std::string mask_name() const;
  const std::vector<Token>& key_tokens() const { return cross() ? context_tokens : tokens; }
  // Labels for tables and pictures: each token's readable form (Token::shown).
  Labels key_labels() const;  // of the key tokens: the context's in cross-attention

  // The step with that name (and head, and symbol when several share a name,
  // like split_heads' Q_i, K_i, V_i); nullptr when the run has none.
  // In a model run, `layer` picks the block (unset: the steps outside blocks).
  const Step* find(StepName name, std::optional<int> head = std::nullopt, std::string_view symbol = {},
                   std::optional<int> layer = std::nullopt) const;
  // The blocks that have steps, ascending; {} for a toy run (no --model).
  std::vector<int> layers() const;
  bool is_model() const { return model.has_value(); }
  const Parameter* parameter(std::string_view name) const;
  Labels token_labels() const;
};

}  // namespace mha
