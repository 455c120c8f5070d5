// The C++ side of the model benchmarks (bench/model_vs_torch.sh for GPT-2,
// bench/llama_vs_torch.sh for the Llama family):
//   load     config.json, the mapped weights, the tokenizer (Model::load)
//   forward  Model::run on TOKENS tokens: every block, all heads' softmax
//            kept in the trace (L × H maps), the next-token predictions —
//            what bench/torch_gpt2_bench.py times for torch
// One warm-up run, then REPEATS timed runs; prints medians and the process's
// peak resident memory (VmHWM) beside the weights files' size.
//   build/bench/model_bench DIR [TOKENS] [REPEATS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "timing.hpp"

#include "mha/core/gemm.hpp"
#include "mha/model/model.hpp"
#include "mha/model/model_config.hpp"
#include "mha/text/bpe.hpp"

namespace {

using bench::Clock;
using bench::median;
using bench::ms_since;

// Peak resident set of this process in MiB (Linux /proc/self/status VmHWM).
double peak_mib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return -1;
}

// A text of exactly `tokens` GPT-2 tokens: English words repeated, cut after
// the token that makes the count.
std::string text_of(const std::filesystem::path& dir, int tokens) {
  const mha::ByteBpe bpe = mha::ByteBpe::load(dir / "vocab.json", dir / "merges.txt");
  std::string text;
  const char* words[] = {" the", " cat", " sat", " on", " a", " warm", " mat", " and", " watched", " birds"};
  for (int i = 0; i < tokens * 2; ++i) text += words[i % 10];
  const auto t = bpe.tokenize(text);
  return text.substr(0, t[static_cast<std::size_t>(std::min<int>(tokens, static_cast<int>(t.size())) - 1)].byte_end);
}

// The Llama family's benchmark runs token ids, the same ones
// bench/torch_llama_bench.py runs: id_t = (1000 + 7919·t) mod (V − 1).
std::vector<std::int64_t> ids_of(int vocab_size, int tokens) {
  std::vector<std::int64_t> ids;
  for (int t = 0; t < tokens; ++t) ids.push_back((1000 + 7919 * static_cast<std::int64_t>(t)) % (vocab_size - 1));
  return ids;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: model_bench DIR [TOKENS] [REPEATS]\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const int tokens = argc > 2 ? std::atoi(argv[2]) : 128;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;
  mha::ModelRequest request;
  const mha::ModelConfig config = mha::read_model_config(dir);
  if (mha::is_llama_family(config.type))
    request.ids = ids_of(config.vocab_size, tokens);
  else
    request.text = text_of(dir, tokens);

  auto t0 = Clock::now();
  mha::Model model = mha::Model::load(dir);
  const double load = ms_since(t0);
  std::vector<double> runs;
  std::size_t maps = 0, n = 0;
  for (int r = 0; r <= repeats; ++r) {
    t0 = Clock::now();
    const mha::Trace trace = model.run(request);
    if (r > 0) runs.push_back(ms_since(t0));  // run 0 warms the page cache and the allocator
    maps = 0;
    for (const auto& s : trace.steps) maps += s.name == mha::StepName::softmax;
    n = trace.tokens.size();
  }
  std::printf("cpp_forward_ms median=%.2f min=%.2f max=%.2f load_ms=%.1f tokens=%zu repeat=%d maps=%zu "
              "peak_mib=%.1f weights_mib=%.1f gemm=\"%s\"\n",
              median(runs), *std::min_element(runs.begin(), runs.end()), *std::max_element(runs.begin(), runs.end()),
              load, n, repeats, maps, peak_mib(), static_cast<double>(model.file_bytes()) / (1024.0 * 1024.0), mha::gemm_backend());
}
