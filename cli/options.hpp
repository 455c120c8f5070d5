#pragma once
// The command line's options, and how they become a mha::RunPlan.
#include <CLI/CLI.hpp>
#include <string>

#include "mha/run.hpp"

namespace cli {

struct Options {
  std::string text;
  std::string tokenizer = "whitespace";
  std::string positional = "sinusoidal";
  std::string lang = "en";
  std::string json, png, out, font;
  int d_model = 8;
  int heads = 2;
  std::uint64_t seed = 42;
  bool causal = false;
  bool quiet = false;
  int precision = 3;
  int max_cols = 8;
  int max_rows = 16;
};

void add_options(CLI::App& app, Options& o);

// Throws mha::InputError for a name the library does not know.
mha::RunPlan to_plan(const Options& o);

}  // namespace cli
