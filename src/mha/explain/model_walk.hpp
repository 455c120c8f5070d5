#pragma once
// The parts of a --model run's explanation, filled in for one trace: what the
// text (explain.cpp) and the markdown report (report.cpp) both say, in the
// same order, each in its own layout. A model has too many heads to walk one
// by one (GPT-2 small: 12 blocks × 12 heads), so it is explained by what each
// head does (model/analysis.hpp), how the tokens mix over all blocks (the
// rollout) and, for GPT-2, what it predicts. Strings are raw text: the
// terminal makes them printable, the report escapes them.
#include <optional>
#include <string>
#include <vector>

#include "mha/explain/words.hpp"
#include "mha/model/analysis.hpp"
#include "mha/core/trace.hpp"

namespace mha {

// The head statistics to show: the trace's own when the run filled them in,
// else computed from its softmax steps (all_head_stats).
std::vector<HeadStats> shown_head_stats(const Trace& trace);

// After the config line: the options the run uses, the truncation, and that
// each head sees a d_k-wide slice of the features of the whole sequence.
std::vector<std::string> model_paragraphs(const Trace& trace, const Words& w, const Vars& vars);

// "[3] cat (3797)": a token with its index and vocabulary id.
std::string token_item(const Trace& trace, std::size_t i);
// BERT: "Token types (BERT's segments): 0 for tokens 0–6, 1 for tokens 7–9."; "" otherwise.
std::string token_types_sentence(const Trace& trace, const Words& w);

// How one block works: a heading, the prose, the formulas (one a line), more prose.
struct BlockText {
  std::string heading, intro;
  std::vector<std::string> formulas;
  std::string after;
};
BlockText block_text(const Trace& trace, const Words& w, const Vars& vars);

// How to read the head tables (entropy, roles), with the thresholds filled in.
std::string heads_intro(const Words& w);

// One row of a layer's head table.
struct HeadRow {
  std::string head, entropy, role;  // "3", "1.23 / 2.58", the role in the text's language
  std::vector<std::string> looks;   // per shown query token: "cat→the", "…" where tokens are cut
};
struct HeadTable {
  int layer = 0;
  std::string heading;      // "Layer 3: 12 heads" ("Layer 3: head 5" for one)
  std::vector<HeadRow> rows;
  std::string cut;          // "(each head shows 16 of 128 tokens; …)" or ""
};
// A table for each layer that has statistics, ascending. max_rows as TableStyle's (0: all tokens).
std::vector<HeadTable> head_tables(const Trace& trace, const std::vector<HeadStats>& stats, const Words& w,
                                   int max_rows);
// The table's column names, in the order of HeadRow's fields.
std::vector<std::string> head_columns(const Words& w);
// "Roles of the 144 heads above: previous 5, first 80, …" (the roles that occur); "" for fewer than two heads.
std::string role_counts(const std::vector<HeadStats>& stats, const Words& w);

// Which layer is shown step by step: the captured one when only one is; and
// which of its steps: the layer-wide ones, and a head's when only one head is.
std::optional<int> detail_layer(const Trace& trace);
bool shown_in_full(const Trace& trace, const Step& step);
// Step i's heading in a model run: "softmax · layer 3 · head 5".
std::string model_step_name(const Step& step);

// The rollout: heading, how to read it, and for each shown token the input
// token it draws on most ("mat←cat (0.41)"); nullopt when the trace has none.
struct RolloutText {
  std::string heading, intro;
  std::vector<std::string> items;
  std::string cut;  // like HeadTable::cut
};
std::optional<RolloutText> rollout_text(const Trace& trace, const Words& w, const Vars& vars, int max_rows);

// GPT-2: "… next tokens …: ' the' 12.3%, ' a' 5.1%"; "" without predictions.
std::string predictions_line(const Trace& trace, const Words& w);

// The parts of a model run's explanation, in the order walk_model calls them;
// the text and the report each lay them out their own way. A part whose
// content the run lacks is not called (no rollout, no predictions, …).
class ModelView {
 public:
  virtual ~ModelView() = default;
  virtual void intro(const std::vector<std::string>& paragraphs) = 0;  // title, sentence, model, then these
  virtual void tokens() = 0;
  // A step in full: outside the blocks (in_layer false: embed, position, the
  // final layer_norm, when --steps kept them) or in the one captured layer.
  virtual void step(const Step& step, bool in_layer) = 0;
  virtual void block(const BlockText& block) = 0;
  virtual void heads_intro(const std::string& text) = 0;
  virtual void layer(const HeadTable& table) = 0;
  virtual void detail(int layer) = 0;  // before the steps of the one captured layer
  virtual void roles(const std::string& counts) = 0;
  virtual void rollout(const RolloutText& rollout) = 0;
  virtual void predictions(const std::string& line) = 0;
  virtual void more(const std::string& text) = 0;
};
void walk_model(const Trace& trace, const Words& w, const Vars& vars, int max_rows, ModelView& view);

}  // namespace mha
