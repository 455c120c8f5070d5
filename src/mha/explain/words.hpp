#pragma once
// The words of the explanation, one struct per language with the same fields,
// so English and Chinese always have the same structure. Placeholders {d},
// {h}, {dk}, {n}, {seed}, {sqrt_dk} are filled in by the explanation's
// builder (explanation.cpp, explanation_model.cpp, steps.cpp).
#include <map>
#include <string>
#include <vector>

#include "mha/explain/lang.hpp"
#include "mha/core/steps.hpp"
#include "mha/core/trace.hpp"

namespace mha {

struct Words {
  std::string title, sentence, config, tokens_count;
  std::string step_meaning[kAllSteps.size()];  // indexed by StepName
  std::string position_none;         // meaning of `position` without encoding
  std::string split_owner;           // "head {i} owns feature columns {a}–{b}"
  std::string split_warning;         // heads divide features, not the sentence
  std::string head_heading;          // "Head {i} — feature columns {a}–{b} of Q, K and V"
  std::string head_heading_gqa;      // --kv-heads: "Head {i}: columns {a}–{b} of Q, key/value head {j} (…)"
  std::string follow;                // "follow the last token {tok}"
  std::string worked;                // "worked example"
  std::string more_terms;            // "{n} more": the terms of a long sum not printed
  std::string row_sums;              // "each row sums to 1"
  std::string weights_table;         // "attention weights of head {i}"
  std::string no_mask;               // mask step skipped
  std::string cut_cols, cut_rows;    // notes under abbreviated tables
  std::string summary, strongest;    // the closing summary
  std::string shape;                 // "shape"
  // Only printed when the run uses the option.
  std::string sizes;                 // d_k / d_v set apart from d_model / h
  std::string bias;                  // the projections add biases
  std::string bias_qkv;              // Qwen2: q/k/v biases, none on the output projection
  std::string cross;                 // cross-attention: keys and values from the context
  std::string context_tokens;        // "context tokens (keys and values)"
  std::string padding;               // which keys are padding
  std::string split_owner_v;         // "head {i} owns columns {a}–{b} of Q and K and {va}–{vb} of V"
  std::string position_rope;         // meaning of `position` with --positional rope (X = E)
  std::string rope_pair;             // the worked example's pair: "pair (0, {half}) of token {tok} at {t}: angle"
  std::string split_owner_gqa;       // --kv-heads: "query head {i} … reads key/value head {j}: {ka}–{kb} of K …"
  std::string gqa, mqa;              // --kv-heads: who shares which key/value head, and why (the KV cache)
  std::string mask_padding, mask_both;  // meanings of the mask step with padding (and causal)
  std::string fully_masked;          // rows with every key masked: {rows}
  std::string row_masked;            // a fully masked row in a worked example
  std::string weights_file;          // weights read from {file}
  std::string embed_file;            // meaning of `embed` with --embeddings {file}
  std::string oov;                   // tokens not in the table: {list}, {what}
  std::string oov_random, oov_zero, oov_unk;  // {what} for each --oov policy
  // The terminal heatmap under each head's weights (--color, --cells shades).
  std::string heatmap;               // "the same weights of head {i} as colours"
  std::string masked;                // the legend's name for masked cells
  // Only in the markdown report (--report).
  std::string all_heads;             // caption of the picture with all {h} heads

  // --model runs (explanation_model.cpp fills these in; placeholders in trace_vars).
  std::string model_config;          // "Model: {type} …: {layers} blocks × {h} heads, d_model …"
  std::string model_slice;           // each head: a d_k-wide slice of the features, all tokens
  std::string truncated;             // the text was cut to {positions} tokens
  std::string model_tokenize;        // meaning of tokenize: the vocabulary's tokens and ids
  std::string token_types, token_type_run;  // BERT: "Token types: {runs}."; one run "{type} for tokens {a}–{b}"
  std::string model_embed;           // meaning of embed in a model: the learned table
  std::string gpt2_position, bert_position;  // meanings of position: learned rows (BERT: and types, then LN)
  std::string block_heading;         // "One {type} block, {layers} times over"
  std::string gpt2_block, gpt2_block_after;  // around the formulas of a GPT-2 block (pre-LN, causal)
  std::string bert_block, bert_block_after;  // around the formulas of a BERT block (post-LN, bidirectional)
  std::string heads_intro;           // how to read the head tables: entropy and the roles
  std::string layer_heading;         // "Layer {l}: {count} heads"
  std::string layer_heading_one;     // "Layer {l}: head {i}" (one head captured)
  std::string col_head, col_entropy, col_role, col_looks;  // the head table's columns
  std::string role_name[6];          // in the order of analysis.hpp's kRoles
  std::string cut_tokens;            // "(each head shows {shown} of {all} tokens; …)"
  std::string roles_heading;         // "Roles of the heads"
  std::string role_counts;           // "Roles of the {count} heads: {list}"
  std::string detail_heading;        // "Layer {l}, head {i}: its captured steps"
  std::string rollout_heading, rollout;  // attention rollout over {layers} blocks; how to read it
  std::string next_heading;          // "GPT-2's next token"
  std::string predictions;           // GPT-2's top next tokens: {list}
  std::string more;                  // how to see more: --layers, --heads, --steps, pictures
  std::string more_pictures;         // the report: pictures of this run not placed above
  std::string head_pictures;         // the report: "Each head on its own:" before links to their pictures
  std::string list_sep;              // between the items of a list in a sentence: ", " / "，"

  // The Llama family's --model runs (llama, mistral, qwen2, qwen3: explanation_decoder.cpp;
  // the words in words_decoder_tables.cpp).
  std::string decoder_config;        // "… {kvh} key/value heads, d_k = head_dim = {dk} …"
  std::string decoder_block, decoder_block_after;  // around the formulas of a Llama-family block
  std::string model_slice_gqa;       // model_slice when query heads share key/value heads
  std::string lm_tied, lm_own;       // {lm_head}: the embedding table again, or lm_head
  std::string rms_heading, rms;      // RMSNorm against LayerNorm: no mean, no β
  std::string rms_worked;            // the worked row: "row {tok} of {in}"
  std::string rope_heading, rope_model;  // RoPE in a block: rotation by position × frequency, the distance
  std::string rope_llama3, rope_linear;  // what rope_scaling changes
  std::string rope_worked_hint;      // where the worked rotation is (--steps rope)
  std::string gqa_heading, gqa_model, mqa_model;  // which query heads share a key/value head, and why
  std::string gqa_row, gqa_item;     // the table: "key/value head {j}", "query head {i}"
  std::string mha_model;             // every query head has its own key/value head
  std::string kv_cache;              // the KV cache per token, this model's numbers
  std::string window_heading, window;  // which keys a query sees in a block with a sliding window
  std::string qk_norm;               // Qwen3: RMSNorm of each head's queries and keys before RoPE
  std::string swiglu;                // meaning of mlp in a Llama-family block
  std::string mask_window;           // meaning of mask with a sliding window {w}
  std::string sink, no_sink;         // the attention sink: heads {list} whose first share ≥ {share}, or none
  std::string sink_item;             // "{l}.{i} ({share})"
  std::string decoder_next_heading, decoder_predictions;  // "{model}'s next token", its list
  // Head metrics (explanation_model.cpp; words in words_metrics_tables.cpp): the
  // ranking of the heads by each metric of model/analysis.hpp.
  std::string metrics_heading;  // "Head metrics, highest first"
  std::string metrics_intro;    // how to read the rows: "L.H value", the formulas below, docs/heads.md
  // In the order of model/analysis.hpp's kHeadMetrics: previous, duplicate,
  // first, self, separator, punctuation, entropy, induction.
  std::string metric_name[8];
  std::string metrics_no_duplicate;  // the text repeats no token: duplicate says nothing
  std::string metrics_probe;         // --probe induction: the sequence it used ({n} ids twice, seed {seed})
};

const Words& words(Lang lang);

// Filling the words in for one trace (the builder's; the views only fill in
// the notes under a cut table).
using Vars = std::map<std::string, std::string>;
// `text` with every "{key}" replaced by its value.
std::string fill(std::string text, const Vars& vars);
// The run's values: {version}, {d}, {h}, {dk}, {dv}, {n}, {m}, {seed}, {pos},
// {tokenizer}, {sqrt_dk} (to `precision` digits), {mask}, {dk_eq}, …; in a
// model run also {type}, {model} ("GPT-2"), {source}, {dtype}, {layers},
// {ff}, {vocab}, {positions}, {eps} and {rollout_eq} ("R = Ā_11 ⋯ Ā_1·Ā_0").
Vars trace_vars(const Trace& trace, int precision);
// Head i's: {i}, its feature columns {a}–{b} (values {va}–{vb}), {n}; the
// key/value head it reads {j}, and that head's columns {ka}–{kb} of K.
Vars head_vars(const Trace& trace, int head);
// One paragraph for each option this run uses beyond the plain layer
// (sizes, biases, weights file, cross-attention, padding, fully masked rows).
std::vector<std::string> option_paragraphs(const Trace& trace, const Words& w, const Vars& vars);
// What a step means, filled in for this run ("" for a head's split_heads slices).
std::string step_meaning(const Trace& trace, const Step& step, const Words& w, const Vars& vars);
// The parameters a step multiplies or adds, shown above its result, and the
// symbol each is printed as ("positional_encoding" is P).
std::vector<std::string> step_parameters(const Step& step);
std::string parameter_symbol(const std::string& parameter);

}  // namespace mha
