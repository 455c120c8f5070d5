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
};

const Words& words(Lang lang);

}  // namespace mha
