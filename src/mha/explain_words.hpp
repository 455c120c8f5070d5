#pragma once
// The words of the explanation, one struct per language with the same fields,
// so English and Chinese always have the same structure. Placeholders {d},
// {h}, {dk}, {n}, {seed}, {sqrt_dk} are filled in by explain.cpp.
#include <string>

#include "mha/explain.hpp"
#include "mha/steps.hpp"

namespace mha {

struct Words {
  std::string title, sentence, config, tokens_count;
  std::string step_meaning[14];      // indexed by StepName
  std::string position_none;         // meaning of `position` without encoding
  std::string split_owner;           // "head {i} owns feature columns {a}–{b}"
  std::string split_warning;         // heads divide features, not the sentence
  std::string head_heading;          // "Head {i} — feature columns {a}–{b} of Q, K and V"
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
  std::string cross;                 // cross-attention: keys and values from the context
  std::string context_tokens;        // "context tokens (keys and values)"
  std::string padding;               // which keys are padding
  std::string split_owner_v;         // "head {i} owns columns {a}–{b} of Q and K and {va}–{vb} of V"
  std::string mask_padding, mask_both;  // meanings of the mask step with padding (and causal)
  std::string fully_masked;          // rows with every key masked: {rows}
  std::string row_masked;            // a fully masked row in a worked example
  std::string weights_file;          // weights read from {file}
  // The terminal heatmap under each head's weights (--color, --cells shades).
  std::string heatmap;               // "the same weights of head {i} as colours"
  std::string masked;                // the legend's name for masked cells
};

const Words& words(Lang lang);

}  // namespace mha
