#pragma once
// run: one whole invocation as a library call. The CLI fills a RunPlan from
// its options and prints what comes back; a C++ user can do the same.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mha/core/config.hpp"
#include "mha/core/steps.hpp"
#include "mha/core/trace.hpp"
#include "mha/model/model.hpp"
#include "mha/pipeline.hpp"
#include "mha/text/tokenizer.hpp"
#include "mha/views/pictures/pictures.hpp"
#include "mha/views/terminal/explain.hpp"

namespace mha {

// The toy layer (no model): run_attention's request and config, with the
// files execute() reads the tokenizer, the weights and the embeddings from.
struct LayerPlan {
  // text, context and oov as given; execute() adds the tokenizer, the
  // weights (else drawn from config.seed) and the embedding table.
  AttentionRequest request;
  // d_model and heads 0: from the weights file, else d_model from the
  // embedding table's width, else Config{}'s.
  Config config = [] {
    Config c;
    c.d_model = c.heads = 0;
    return c;
  }();
  TokenizerSpec tokenizer;  // the tokenizer's files; its kind is config.tokenizer
  std::optional<std::filesystem::path> weights;           // --weights FILE|DIR (io/read_tensors.hpp)
  std::optional<std::filesystem::path> embeddings;        // --embeddings FILE: rows from a pretrained table
  std::optional<std::filesystem::path> embeddings_vocab;  // --embeddings-vocab FILE (.npy / .safetensors tables)
};

struct RunPlan {
  LayerPlan layer;                    // what runs, unless `model` is set
  std::optional<ModelRequest> model;  // --model DIR: a real GPT-2 / BERT checkpoint instead (model/model.hpp)
  StepFilter steps;                   // --steps: which steps the trace exports hold
  ExplainOptions explain;             // --lang, --precision, --max-cols, --max-rows, --color, --cells
  bool print_explanation = true;      // false (--quiet): the text is made only when a file needs it
  PictureOptions pictures;            // --png-steps, --png-heads, --colormap, --scale, --cell
  std::optional<std::filesystem::path> font;         // --font PATH; otherwise a system font is searched
  std::optional<std::filesystem::path> json;         // --json FILE
  std::optional<std::filesystem::path> png_dir;      // --png DIR
  std::optional<std::filesystem::path> out_dir;      // --out DIR: explanation.txt, trace.json, view.html, png/
  std::optional<std::filesystem::path> npy_dir;      // --npy DIR: every traced tensor as .npy + index.json
  std::optional<std::filesystem::path> safetensors;  // --safetensors FILE: the same in one file
  std::optional<std::filesystem::path> html;         // --html FILE: one self-contained page (docs/html.md)
  std::optional<std::filesystem::path> bertviz;      // --bertviz FILE: weights + tokens for bertviz (bertviz.hpp)
  std::optional<std::filesystem::path> report;       // --report FILE.md: markdown, its PNGs in png/ beside it
  int threads = 0;  // --threads N: the process's thread limit (core/parallel.hpp); 0 leaves it as it is
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
