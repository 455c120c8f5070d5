#pragma once
// The command line's options, and how they become a mha::RunPlan.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "mha/run.hpp"

namespace cli {

struct Options {
  std::string text;
  std::string tokenizer = "whitespace";
  std::string positional = "sinusoidal";
  std::string lang = "en";
  std::string json, png, out, font, npy, safetensors, weights, steps, pad;
  std::string html;
  std::optional<std::string> context;
  std::string dict, vocab, merges;
  bool cased = false, special_tokens = false;
  std::string embeddings, embeddings_vocab, oov = "random";
  bool oov_lower_case = false;
  // --model: a HuggingFace GPT-2 / BERT folder (docs/models.md).
  std::string model, layers;
  std::optional<std::string> pair;
  bool truncate = false;
  int top = 5, pad_to = 0;
  std::string heads_text;  // --heads: a count for the toy layer, a list of heads with --model
  int d_model = 8;  // the defaults of --help; a flag not given leaves the RunPlan's 0 ("from --weights or default")
  int d_k = 0, d_v = 0;
  bool bias = false;
  bool d_model_given = false, heads_given = false;
  std::uint64_t seed = 42;
  bool causal = false;
  bool quiet = false;
  int precision = 3;
  int max_cols = 8;
  int max_rows = 16;
  std::string png_steps = "softmax", colormap = "viridis", scale = "auto", png_heads = "auto";  // the pictures
  int cell = 0;
  std::string color = "auto", cells = "numbers";  // terminal heatmaps
  std::string bertviz, report;
};

void add_options(CLI::App& app, Options& o);

// --color: auto gives colour only when standard output is a terminal and
// NO_COLOR is unset or empty (no-color.org); always and never ignore both.
// With colour, COLORTERM=truecolor or 24bit gives 24-bit colour, anything
// else the 256-colour palette. The environment values may be nullptr.
mha::Colour pick_colour(std::string_view flag, bool stdout_is_terminal, const char* no_color, const char* colorterm);

// "0,3,5-7" -> {0, 3, 5, 6, 7}; "all" or "" -> {} (all). InputError naming
// the flag for anything else.
std::vector<int> index_list(const std::string& text, const char* flag);

// Throws mha::InputError for a name the library does not know.
mha::RunPlan to_plan(const Options& o);

}  // namespace cli
