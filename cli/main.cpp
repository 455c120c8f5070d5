// mha-explain: the command line. Parses options, calls mha::execute, prints.
// Every error ends here, in one place: one line on stderr and an exit code.
//   0 success · 1 bad input or a failed write (mha::Error) · 2 bad command line
//   3 anything unexpected (out of memory, a bug)
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "mha/core/error.hpp"
#include "options.hpp"

namespace {

// "corpus: 120 done, 35.2/s, ETA 0:41" on stderr, at most 5 times a second.
void show_progress(const mha::CorpusProgress& p) {
  static double shown = -1;
  if (p.seconds - shown < 0.2) return;
  shown = p.seconds;
  const double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
  std::fprintf(stderr, "\rmha-explain corpus: %llu done, %.1f/s", static_cast<unsigned long long>(p.done), rate);
  if (p.bytes_total && p.bytes_read && p.bytes_read < p.bytes_total) {
    const long eta = std::lround(p.seconds * static_cast<double>(p.bytes_total - p.bytes_read) / static_cast<double>(p.bytes_read));
    std::fprintf(stderr, ", ETA %ld:%02ld", eta / 60, eta % 60);
  }
  std::fprintf(stderr, "\033[K");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  cli::Options options;
  mha::CorpusRequest corpus;
  cli::MergeOptions merge;
  const std::string command = argc > 1 && cli::is_command(argv[1]) ? argv[1] : "";
  if (command == "corpus")
    cli::configure_corpus(app, corpus);
  else if (command == "merge")
    cli::configure_merge(app, merge);
  else
    cli::configure(app, options);
  try {
    if (command.empty())
      app.parse(argc, argv);
    else
      app.parse(argc - 1, argv + 1);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "mha-explain: " << e.what() << " (see mha-explain --help)\n";
    return 2;
  }
  try {
    if (command == "corpus") {
      if (isatty(STDERR_FILENO) == 1) corpus.progress = show_progress;
      const mha::CorpusResult result = mha::run_corpus(corpus);
      if (corpus.progress) std::cerr << "\r\033[K";
      for (const auto& w : result.warnings) std::cerr << "mha-explain: " << w << "\n";
      std::cerr << "mha-explain corpus: " << result.sentences << " sentences, " << result.errors << " lines in errors.jsonl"
                << (result.resumed ? ", " + std::to_string(result.resumed) + " lines done before --resume" : "") << "\n";
      for (const auto& path : result.written) std::cerr << "wrote " << path.string() << "\n";
      return 0;
    }
    if (command == "merge") {
      mha::merge_stats(merge.inputs, merge.out);
      std::cerr << "wrote " << merge.out.string() << "\n";
      return 0;
    }
    mha::RunPlan plan = cli::to_plan(std::move(options));
    // A real model's blocks take a while: "block 5/12" on stderr, only on a
    // terminal and only once a second has passed; erased when done.
    const auto start = std::chrono::steady_clock::now();
    bool shown = false;
    if (plan.model && isatty(STDERR_FILENO) == 1)
      plan.model->progress = [&](int done, int total) {
        if (!shown && std::chrono::steady_clock::now() - start < std::chrono::seconds(1)) return;
        shown = true;
        std::cerr << "\rmha-explain: block " << done << "/" << total << (done == total ? "\r\033[K" : "") << std::flush;
      };
    const mha::RunResult result = mha::execute(plan);
    for (const auto& w : result.warnings) std::cerr << "mha-explain: " << w << "\n";
    if (plan.print_explanation) std::cout << result.explanation << std::flush;
    for (const auto& path : result.written) std::cerr << "wrote " << path.string() << "\n";
    for (const auto& path : result.removed) std::cerr << "removed " << path.string() << " (from an earlier run)\n";
    if (!std::cout) {
      std::cerr << "mha-explain: error: standard output: write failed; the explanation is incomplete"
                << (result.written.empty() ? "" : " (the files above were written)") << "\n";
      return 1;
    }
    return 0;
  } catch (const mha::Error& e) {
    std::cerr << "mha-explain: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "mha-explain: internal error: " << e.what() << "\n";
    return 3;
  }
}
