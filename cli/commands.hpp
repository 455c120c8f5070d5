#pragma once
// The commands beside the one-sentence run: `mha-explain corpus` and
// `mha-explain merge` (docs/corpus.md), each a CLI11 app of its own that
// main.cpp picks by the first argument.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "mha/corpus/corpus.hpp"

namespace cli {

// The commands' names, for main.cpp and mha-explain-option-docs.
inline bool is_command(std::string_view word) { return word == "corpus" || word == "merge"; }

struct MergeOptions {
  std::filesystem::path out;
  std::vector<std::filesystem::path> inputs;
};

void configure_corpus(CLI::App& app, mha::CorpusRequest& request);
void configure_merge(CLI::App& app, MergeOptions& options);

}  // namespace cli
