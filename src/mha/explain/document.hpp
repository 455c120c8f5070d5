#pragma once
// The explanation as a document: built once from a Trace in one language
// (explanation()), then laid out by each view its own way, side by side: the
// terminal text (views/terminal/explain), the markdown report
// (views/report), the HTML page (views/html). The document says WHAT is
// explained, in which order and in which words; a view decides HOW: how much
// of a matrix to show and with how many digits (TableStyle), how to wrap,
// escape or mark up the words.
//
// A toy run and a --model run are built by the same walk: parts (sections)
// of blocks. Text is raw, as the trace and the words have it: the terminal
// makes it printable, the report and the page escape it.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "mha/core/steps.hpp"
#include "mha/core/trace.hpp"
#include "mha/explain/lang.hpp"
#include "mha/explain/table.hpp"

namespace mha {

// ── Blocks: what a section holds, in order ────────────────────────────────

struct Paragraph {  // prose
  std::string text;
};
struct Note {  // a short line set apart: "5 tokens", "(each head shows 16 of 128 tokens; …)"
  std::string text;
};
struct Callout {  // a warning the reader must not miss (heads split features, not the sentence)
  std::string text;
};
struct Bullets {  // one item a line: "head 0 owns feature columns 0–3 of Q, K and V"
  std::vector<std::string> items;
};
struct Formulas {  // displayed formulas, one a line, the same in every language
  std::vector<std::string> lines;
};

struct TokenItem {
  std::size_t index = 0;
  std::string text;  // Token::shown()
  std::int64_t id = -1;  // the vocabulary id in a model run; -1: none
};
struct TokenList {  // the tokens in order: "[0] 我  [1] 喜欢 …"
  std::string label;  // "" for the sentence's; "context tokens (keys and values)" for cross-attention's
  std::vector<TokenItem> tokens;
};

struct Items {  // short items read in a row: "mat←cat (0.41)", …; "…" where rows were cut
  std::vector<std::string> items;
};
struct Rows {  // labelled rows of items: "head 0:  我→我 (0.48)  喜欢→喜欢 (0.42) …"
  struct Row {
    std::string label;
    std::vector<std::string> items;
  };
  std::vector<Row> rows;
};

// A matrix of the trace, whole: a view cuts it (TableStyle::max_cols,
// max_rows) and formats its numbers (precision). It points into the trace,
// so a Document lives no longer than the Trace it was built from.
struct MatrixBlock {
  const LabelledMatrix* matrix = nullptr;
  std::string symbol;         // "W_Q", "P", "Q", "A_0"
  bool parameter = false;     // a parameter the step uses, shown above its result
  bool named = false;         // the result, named ("Q:") because parameters stand above it
  std::string caption;        // "Attention weights of head 0 (rows: …)"; "" for none
  // Attention weights: the same numbers with the masked cells −∞
  // (weights_with_masked_cells), for a heatmap and for marking them.
  std::optional<LabelledMatrix> weights;
  std::string heatmap_caption;  // "The same weights of head 0 as a heatmap …" (terminal heatmaps)
};

// One number recomputed from the steps before it: "worked example: S_0[薯条, 我]
// = Σ_j … = (a)(b) + … = -0.745" is lead "worked example", parts [S_0[薯条, 我],
// Σ_j …, (a)(b) + …, -0.745] and separator " = ".
struct Worked {
  std::string lead;
  std::vector<std::string> parts;
  std::string separator;
};

// A --model run's table of one layer's heads.
struct HeadRow {
  std::string head, entropy, role;  // "3", "1.23 / 2.58", the role in the document's language
  std::vector<std::string> looks;   // per shown query token: "cat→the", "…" where tokens are cut
};
struct HeadTable {
  std::vector<std::string> columns;  // head, entropy, role, where each token looks
  std::vector<HeadRow> rows;
  std::string cut;                   // "(each head shows 16 of 128 tokens; …)" or ""
};

using Block = std::variant<Paragraph, Note, Callout, Bullets, Formulas, TokenList, Items, Rows, MatrixBlock, Worked,
                           HeadTable>;

// ── Sections ──────────────────────────────────────────────────────────────

enum class Part {
  step,         // one step, numbered: heading "softmax · head 0", formula, shape, matrices
  head,         // toy run: one head, its steps as subsections
  block,        // --model: how one transformer block works
  heads_intro,  // --model: how to read the head tables (no heading)
  layer,        // --model: one layer's head table
  detail,       // --model: the one captured layer, its steps as subsections
  roles,        // --model: how many heads have each role
  metrics,      // --model: the heads ranked by each metric (model/analysis.hpp)
  rollout,      // --model: the attention rollout
  predictions,  // GPT-2: its next tokens
  summary,      // toy run: where each token looks most
  more,         // --model: what else to ask for (no heading)
};

struct Section {
  Part part = Part::step;
  std::string heading;  // "softmax · head 0", "Head 0: feature columns 0–3 …"; "" for none
  // A step: its number (1, 2, … through the document), name, symbol and
  // formula; shape: rows and columns of its result (none for tokenize, the
  // split overview, a mask that is not applied).
  int number = 0;
  StepName step = StepName::tokenize;
  std::string symbol, formula;
  std::optional<std::pair<Index, Index>> shape;
  std::optional<int> layer, head;  // whose step (or part) this is
  std::vector<Block> blocks;
  std::vector<Section> subsections;  // a head's or the captured layer's steps
  // The caption of the picture that belongs here, when a view places one
  // (the report): a head's weights, a layer's heads side by side, the rollout.
  std::string figure;
};

struct Document {
  Lang lang = Lang::en;
  bool model = false;  // a --model run: its sentence, config and lists may be long (the terminal wraps them)
  std::string title;
  std::string sentence_label;  // "Sentence"
  std::string sentence;
  std::string config;                   // the sizes in one line (a model: one paragraph)
  std::vector<std::string> paragraphs;  // the options this run uses
  std::vector<Section> sections;
};

// The explanation of `trace` in `lang`. `style` gives the precision of the
// numbers in the words (√d_k, worked examples) and how many tokens a model's
// per-token lists show (max_rows); matrices stay whole for the views to cut.
Document explanation(const Trace& trace, Lang lang, const TableStyle& style);

// "[r × c]"'s inside: "5 × 8".
std::string shape_text(Index rows, Index cols);

}  // namespace mha
