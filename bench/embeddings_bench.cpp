// Loading pretrained embedding tables (src/mha/embeddings): writes a
// synthetic GloVe text file and the same table as word2vec binary, ROWS x DIM
// (default 100 000 x 300, as GloVe 6B's 300d file but a quarter of its rows),
// into a temporary folder, times
//   (a) keeping the 5 words a sentence needs (the streaming path), and
//   (b) keeping every row,
// prints the figures and removes the files. Values are deterministic
// (SplitMix64, seed 1), written with up to 6 significant digits as GloVe's
// files are ("-0.041836"), so the text is as dense as a real one.
//   build/bench/embeddings_bench [ROWS] [DIM] [FOLDER]
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "mha/embeddings/embedding_table.hpp"
#include "mha/core/rng.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

const std::vector<std::string> kSentence{"the", "cat", "sat", "on", "mat"};

// Row r's word: one of the sentence's words at five rows spread over the
// file (the last one in the last row), "w<r>" elsewhere.
std::string word_of(std::size_t r, std::size_t rows) {
  for (std::size_t k = 0; k < kSentence.size(); ++k)
    if (r == (rows - 1) * (k + 1) / kSentence.size() + (k == 0 ? 7 : 0)) return kSentence[k];
  std::string w = "w";
  w += std::to_string(r);
  return w;
}

void write_files(const fs::path& text, const fs::path& binary, std::size_t rows, int dim) {
  std::ofstream t(text, std::ios::binary), b(binary, std::ios::binary);
  std::string header = std::to_string(rows);
  header += ' ';
  header += std::to_string(dim);
  header += '\n';
  b << header;
  mha::SplitMix64 rng(1);
  std::string line;
  std::vector<float> values(static_cast<std::size_t>(dim));
  char number[32];
  for (std::size_t r = 0; r < rows; ++r) {
    const std::string word = word_of(r, rows);
    line = word;
    for (auto& v : values) {
      v = static_cast<float>(rng.uniform(-1.0, 1.0) * 0.5);
      const auto [end, ec] = std::to_chars(number, number + sizeof number, v, std::chars_format::general, 6);
      line += ' ';
      line.append(number, end);
    }
    line += '\n';
    t << line;
    b << word << ' ';
    b.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(4 * values.size()));  // little-endian hosts
    b << '\n';
  }
}

rusage usage() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u;
}

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

struct Timing {
  double wall = 1e300, cpu = 1e300;  // best of the repeats; cpu = user + system time of this process
};

// The best of `repeats` loads, and what the last load kept. CPU time is
// given too: on a shared machine the wall time also counts other processes.
Timing time_load(const fs::path& file, const std::set<std::string>* wanted, int repeats, mha::EmbeddingTable& out) {
  Timing best;
  for (int i = 0; i < repeats; ++i) {
    out = {};  // so that the peak RSS is that of one table
    const rusage before = usage();
    const auto start = Clock::now();
    out = mha::load_embeddings(file, std::nullopt, wanted);
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const rusage after = usage();
    const double cpu = seconds(after.ru_utime) - seconds(before.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_stime);
    best.wall = std::min(best.wall, wall);
    best.cpu = std::min(best.cpu, cpu);
  }
  return best;
}

void report(const char* what, const fs::path& file, const Timing& t, const mha::EmbeddingTable& table) {
  const double mb = static_cast<double>(fs::file_size(file)) / 1e6;
  std::printf("  %-32s wall %6.3f s, CPU %6.3f s (%6.1f MB/s of CPU); kept %zu of %zu rows x %d; peak RSS so far %.0f MB\n",
              what, t.wall, t.cpu, mb / t.cpu, static_cast<std::size_t>(table.vectors.rows()), table.vocabulary_size,
              table.dim, static_cast<double>(usage().ru_maxrss) / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t rows = argc > 1 ? std::stoul(argv[1]) : 100000;
  const int dim = argc > 2 ? std::stoi(argv[2]) : 300;
  const fs::path dir = fs::path(argc > 3 ? argv[3] : fs::temp_directory_path().string()) / "mha_embeddings_bench";
  fs::create_directories(dir);
  const fs::path text = dir / "synthetic.txt", binary = dir / "synthetic.bin";

  auto start = Clock::now();
  write_files(text, binary, rows, dim);
  std::printf("wrote %zu x %d: %s %.1f MB, %s %.1f MB in %.1f s\n", rows, dim, text.filename().c_str(),
              static_cast<double>(fs::file_size(text)) / 1e6, binary.filename().c_str(),
              static_cast<double>(fs::file_size(binary)) / 1e6,
              std::chrono::duration<double>(Clock::now() - start).count());

  const std::set<std::string> wanted(kSentence.begin(), kSentence.end());
  mha::EmbeddingTable t;
  std::printf("GloVe text:\n");
  report("(a) wanted = 5 words, best of 3", text, time_load(text, &wanted, 3, t), t);
  std::printf("word2vec binary:\n");
  report("(a) wanted = 5 words, best of 3", binary, time_load(binary, &wanted, 3, t), t);
  std::printf("GloVe text:\n");
  report("(b) every row, best of 2", text, time_load(text, nullptr, 2, t), t);
  std::printf("word2vec binary:\n");
  report("(b) every row, best of 2", binary, time_load(binary, nullptr, 2, t), t);
  fs::remove_all(dir);
  return 0;
}
