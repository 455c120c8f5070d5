// The engine's side of the PyTorch comparison (bench/mha_vs_torch.sh), in
// one process, each phase timed separately so it can be set beside torch's:
//   load     read the weights file and map it onto the config (--weights)
//   run      everything the CLI computes: tokenize, embed, position and the
//            layer, every step kept in the trace (per-head weights included)
//   layer    the layer alone (project … output, every step kept) on the X of
//            that run: what torch's forward computes
//   explain  the step-by-step text (the CLI builds it even with --quiet)
//   build/bench/attention_bench WEIGHTS TOKENS HEADS [REPEATS]
//   build/bench/attention_bench --sgemm N DEPTH WIDTH [REPEATS]
//            the projections' rate (three [N, DEPTH]·[DEPTH, WIDTH] products
//            through project_all, as the layer runs them, on MHA_THREADS
//            threads) beside sgemm's own on one thread times the threads
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "timing.hpp"

#include "mha/core/attention.hpp"
#include "mha/core/gemm.hpp"
#include "mha/core/parallel.hpp"
#include "mha/core/rng.hpp"
#include "mha/views/terminal/explain.hpp"
#include "mha/io/read_tensors.hpp"
#include "mha/pipeline.hpp"
#include "mha/io/weights_file.hpp"

namespace {

using bench::Clock;
using bench::median;
using bench::ms_since;

// GFLOP/s of the projections beside sgemm's (see the top of the file).
int sgemm_rates(int n, int depth, int width, int repeats) {
  mha::SplitMix64 rng(1);
  mha::Matrix X(n, depth), W(depth, width);
  for (float& x : X.reshaped()) x = static_cast<float>(rng.normal());
  for (float& w : W.reshaped()) w = static_cast<float>(rng.normal());
  const double flops = 2.0 * n * depth * width;
  std::vector<double> one, projections;
  mha::Matrix out(n, width), Q, K, V;
  const mha::Linear L = mha::linear(W, std::nullopt);
  for (int r = 0; r <= repeats; ++r) {
    auto t0 = Clock::now();
    mha::gemm({X.data(), n, depth, depth}, {W.data(), depth, width, width}, false, out.data(), width);
    const double g = ms_since(t0);
    t0 = Clock::now();
    mha::project_all({mha::project_q(X, L, Q), mha::project_k(X, L, K), mha::project_v(X, L, V)}, mha::thread_limit());
    const double p = ms_since(t0);
    if (r == 0) continue;
    one.push_back(g);
    projections.push_back(p);
  }
  const double threads = static_cast<double>(mha::thread_limit());
  const double sgemm = flops / median(one) / 1e6 * threads, proj = 3 * flops / median(projections) / 1e6;
  std::printf("sgemm backend=\"%s\" threads=%zu sgemm_gflops=%.1f projections_gflops=%.1f share=%.2f\n",
              mha::gemm_backend(), mha::thread_limit(), sgemm, proj, proj / sgemm);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 5 && std::string(argv[1]) == "--sgemm")
    return sgemm_rates(std::stoi(argv[2]), std::stoi(argv[3]), std::stoi(argv[4]), argc > 5 ? std::stoi(argv[5]) : 20);
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s WEIGHTS TOKENS HEADS [REPEATS]\n", argv[0]);
    return 2;
  }
  const std::string weights = argv[1];
  const int tokens = std::stoi(argv[2]), heads = std::stoi(argv[3]), repeats = argc > 4 ? std::stoi(argv[4]) : 10;
  std::string text;
  for (int t = 0; t < tokens; ++t) text += (t ? " w" : "w") + std::to_string(t);

  std::vector<double> load, forward, layer, words;
  std::size_t cells = 0;
  for (int r = 0; r <= repeats; ++r) {  // r = 0 is the warm-up
    auto t0 = Clock::now();
    const mha::io::TensorSet set = mha::io::read_tensors(weights);
    mha::Config config;
    config.d_model = 0;
    config.heads = heads;
    config = mha::sizes_from_weights(set, config).resolved();
    mha::AttentionRequest request;
    request.text = text;
    request.weights = mha::weights_from_tensors(set, config);
    const double l = ms_since(t0);

    t0 = Clock::now();
    const mha::Trace trace = mha::run_attention(request, config);
    const double f = ms_since(t0);

    const mha::Matrix& X = trace.find(mha::StepName::position)->tensor.value;
    const mha::Labels labels = trace.token_labels();
    mha::Trace layer_trace;
    t0 = Clock::now();
    mha::multi_head_attention({X, X, X, labels, labels, {}}, *request.weights, config, &layer_trace);
    const double a = ms_since(t0);

    t0 = Clock::now();
    const std::string explanation = mha::explain(trace, {});
    const double e = ms_since(t0);
    cells = trace.steps.size();
    if (r == 0) continue;
    load.push_back(l);
    forward.push_back(f);
    layer.push_back(a);
    words.push_back(e);
  }
  std::printf("mha-explain load_ms=%.2f layer_median_ms=%.2f layer_min_ms=%.2f run_median_ms=%.2f "
              "explain_median_ms=%.2f steps_kept=%zu tokens=%d heads=%d repeat=%d\n",
              median(load), median(layer), *std::min_element(layer.begin(), layer.end()), median(forward),
              median(words), cells, tokens, heads, repeats);
  return 0;
}
