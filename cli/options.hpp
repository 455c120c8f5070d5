#pragma once
// The command line's options, and how they become a mha::RunPlan.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mha/run.hpp"

namespace cli {

// What the command line fills. Most flags go straight into the plan's
// requests and options (their defaults are the library's); the few below
// need a second look once every flag is read.
struct Options {
  mha::RunPlan plan;
  mha::ModelRequest model;  // --model and its flags; becomes plan.model when --model is given
  std::string text;         // the sentence: the model's or the layer's
  std::optional<std::string> heads;  // --heads: a count for the layer, the heads to keep with --model
  std::string layers;                // --layers with --model
  std::string probe;                 // --probe with --model: "induction" or ""
  std::optional<int> d_model;        // --d-model: a 0 typed is refused, not taken for "not given"
  std::optional<double> rope_theta;  // --rope-theta: only with --positional rope
  std::string steps;                 // --steps: a list the library reads
  std::optional<std::string> png_steps;  // --png-steps: the same
  std::string color = "auto";       // --color: auto, always, never
  mha::Cells cells = mha::HeatmapStyle{}.cells;  // --cells
};

void add_options(CLI::App& app, Options& o);

// The whole command line: name, description, --version, the help formatter
// and add_options (main.cpp, and mha-explain-option-docs for the docs).
void configure(CLI::App& app, Options& o);

// --help: options in groups, each with its value and default but without
// CLI11's Needs/Excludes lists (a group's title says which flags go together).
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const override;
  std::string make_positionals(const CLI::App* app) const override;
  std::string make_option_opts(const CLI::Option* opt) const override;
};

// --color: auto gives colour only when standard output is a terminal and
// NO_COLOR is unset or empty (no-color.org); always and never ignore both.
// With colour, COLORTERM=truecolor or 24bit gives 24-bit colour, anything
// else the 256-colour palette. The environment values may be nullptr.
mha::Colour pick_colour(std::string_view flag, bool stdout_is_terminal, const char* no_color, const char* colorterm);

// "0,3,5-7" -> {0, 3, 5, 6, 7}; "all" or "" -> {} (all). InputError naming
// the flag for anything else.
std::vector<int> index_list(const std::string& text, const char* flag);

// Throws mha::InputError for a value the library does not take.
mha::RunPlan to_plan(Options o);

}  // namespace cli
