// mha-explain: the command line. Parses options, calls mha::execute, prints.
// Every error ends here, in one place: one line on stderr and an exit code.
//   0 success · 1 bad input or a failed write (mha::Error) · 2 bad command line
//   3 anything unexpected (out of memory, a bug)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "mha/core/error.hpp"
#include "options.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  cli::Options options;
  cli::configure(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "mha-explain: " << e.what() << " (see mha-explain --help)\n";
    return 2;
  }
  try {
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
