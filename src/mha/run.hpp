#pragma once
// run: one whole invocation as a library call. The CLI fills a RunPlan from
// its options and prints what comes back; a C++ user can do the same.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mha/config.hpp"
#include "mha/explain.hpp"
#include "mha/trace.hpp"

namespace mha {

struct RunPlan {
  std::string text;
  Config config;
  ExplainOptions explain;
  std::optional<std::filesystem::path> json;     // --json FILE
  std::optional<std::filesystem::path> png_dir;  // --png DIR
  std::optional<std::filesystem::path> out_dir;  // --out DIR: explanation.txt, trace.json, png/
  std::optional<std::filesystem::path> font;     // --font PATH; otherwise a system font is searched
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
