#pragma once
// corpus: one model over many sentences (docs/corpus.md). The model is
// loaded once; the input is read a line at a time; each sentence's head
// statistics go to DIR/sentences.jsonl as one whole line, each line that
// cannot be used to DIR/errors.jsonl, and the sum of them all to
// DIR/stats.json and DIR/heads.png at the end. Memory does not grow with
// the corpus: one sentence's trace at a time, and the sums.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mha {

struct CorpusProgress {
  std::uint64_t done = 0;        // lines handled by this run (sentences and errors)
  std::uint64_t bytes_read = 0;  // of the input, skipped lines included
  std::uint64_t bytes_total = 0;  // the input's size; 0 when not known (a pipe)
  double seconds = 0;            // since the first line
};

struct CorpusRequest {
  std::filesystem::path model;    // --model DIR
  std::filesystem::path input;    // --input FILE; "-" is standard input
  std::filesystem::path out_dir;  // --out DIR
  bool truncate = false;          // --truncate: cut a text longer than the model's positions
  // --resume: continue DIR's sentences.jsonl and errors.jsonl (a partial last
  // line is dropped) from the line after the last one they hold, the sums
  // rebuilt from them. Without it a DIR that holds either file is refused.
  bool resume = false;
  std::optional<std::filesystem::path> font;  // of heads.png's labels; otherwise a system font
  std::function<void(const CorpusProgress&)> progress;  // after each line
};

struct CorpusResult {
  std::uint64_t sentences = 0, errors = 0;  // written by this run
  std::uint64_t resumed = 0;                // lines an earlier run had done
  std::vector<std::filesystem::path> written;
  std::vector<std::string> warnings;
};

// Throws mha::Error. A model folder or an input that cannot be read, or a
// DIR with an earlier run's files and no resume, fails before anything is
// written; a line that cannot be used is a record of errors.jsonl.
CorpusResult run_corpus(const CorpusRequest& request);

// stats.json files merged into `out` (one stats.json: the same as one run
// over all their sentences). Throws InputError for files of different
// models, FormatError naming the file and place for one that is not a
// stats.json; nothing is written then.
void merge_stats(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& out);

}  // namespace mha
