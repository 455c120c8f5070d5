#pragma once
// run: one whole invocation as a library call. The CLI fills a RunPlan from
// its options and prints what comes back; a C++ user can do the same.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mha/core/config.hpp"
#include "mha/embeddings/oov.hpp"
#include "mha/views/terminal/explain.hpp"
#include "mha/views/pictures/pictures.hpp"
#include "mha/core/steps.hpp"
#include "mha/text/tokenizer.hpp"
#include "mha/core/trace.hpp"

namespace mha {

struct RunPlan {
  std::string text;
  // --model DIR: a real GPT-2 / BERT checkpoint (model/model.hpp) instead of the toy layer.
  std::optional<std::filesystem::path> model;
  std::vector<int> model_layers, model_heads;  // --layers, --heads with --model: what to keep (empty: all)
  std::optional<std::string> pair;             // --pair: BERT's second sentence
  bool truncate = false;                       // --truncate
  int pad_to = 0;                              // --pad-to N: BERT, [PAD] up to N tokens, masked
  int top = 5;                                 // --top: GPT-2's next-token predictions
  std::function<void(int, int)> progress;      // after each block: (done, total)
  std::optional<std::string> context;            // --context TEXT: cross-attention, keys and values from it
  // d_model and heads left at 0 mean "not given": taken from --weights, else 8 and 2.
  Config config;
  std::optional<std::filesystem::path> weights;  // --weights FILE|DIR (io/read_tensors.hpp)
  StepFilter steps;                               // --steps: which steps the trace exports hold
  TokenizerSpec tokenizer;                        // kind (also in config.tokenizer) and its files
  std::optional<std::filesystem::path> embeddings;        // --embeddings FILE: rows from a pretrained table
  std::optional<std::filesystem::path> embeddings_vocab;  // --embeddings-vocab FILE (.npy / .safetensors tables)
  OovOptions oov;                                         // --oov, --oov-lower-case
  ExplainOptions explain;
  bool print_explanation = true;  // false (--quiet): the text is made only when a file needs it
  std::optional<std::filesystem::path> json;     // --json FILE
  std::optional<std::filesystem::path> png_dir;  // --png DIR
  std::optional<std::filesystem::path> out_dir;  // --out DIR: explanation.txt, trace.json, view.html, png/
  std::optional<std::filesystem::path> font;     // --font PATH; otherwise a system font is searched
  PictureOptions pictures;  // --png-steps, --colormap, --scale, --cell
  std::optional<std::filesystem::path> npy_dir;  // --npy DIR: every traced tensor as .npy + index.json
  std::optional<std::filesystem::path> safetensors;  // --safetensors FILE: the same in one file
  std::optional<std::filesystem::path> html;         // --html FILE: one self-contained page (docs/html.md)
  std::optional<std::filesystem::path> bertviz;  // --bertviz FILE: weights + tokens for bertviz (bertviz.hpp)
  std::optional<std::filesystem::path> report;   // --report FILE.md: markdown, its PNGs in png/ beside it
};

struct RunResult {
  Trace trace;
  std::string explanation;
  std::vector<std::filesystem::path> written;  // files, in the order written
  std::vector<std::filesystem::path> removed;  // pictures of an earlier run that this run's set replaces
  std::vector<std::string> warnings;           // one line each, for stderr
};

// Computes everything in memory, then writes all files or none. Throws mha::Error.
RunResult execute(const RunPlan& plan);

}  // namespace mha
