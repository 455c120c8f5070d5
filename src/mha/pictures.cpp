#include "mha/pictures.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <future>
#include <thread>

#include "mha/png/heatmap.hpp"

namespace mha {

std::vector<Picture> attention_pictures(const Trace& trace, const png::Font* font) {
  std::vector<std::string> names;
  std::vector<png::Image> panels;
  std::vector<Matrix> shown(static_cast<std::size_t>(std::max(trace.config.heads, 0)));
  const Labels tokens = trace.token_labels();
  const int h = trace.config.heads;
  const std::string mask = trace.config.causal ? ", causal mask" : "";
  for (int i = 0; i < h; ++i) {
    const Step* A = trace.find(StepName::softmax, i);
    if (!A) continue;
    png::HeatmapSpec spec;
    spec.values = &A->tensor.value;
    // A masked cell has weight exactly 0, like a cell that merely scored
    // low; the picture tells them apart: cells that were −∞ in the mask step
    // are drawn as masked (grey, hatched) instead of as the colour of 0.
    if (const Step* M = trace.find(StepName::mask, i)) {
      shown[static_cast<std::size_t>(i)] = A->tensor.value;
      Matrix& a = shown[static_cast<std::size_t>(i)];
      for (Index q = 0; q < a.rows(); ++q)
        for (Index k = 0; k < a.cols(); ++k)
          if (std::isinf(M->tensor.value(q, k))) a(q, k) = -std::numeric_limits<float>::infinity();
      spec.values = &a;
    }
    spec.row_labels = tokens;
    spec.col_labels = tokens;
    spec.title = "Layer 0 · Head " + std::to_string(i) + " · softmax weights " + A->symbol + " (d_k = " +
                 std::to_string(trace.config.d_k()) + mask + ")";
    spec.vmin = 0.0f;
    spec.vmax = 1.0f;
    panels.push_back(png::render_heatmap(spec, font));
    names.push_back("layer0-head" + std::to_string(i) + "-softmax.png");
  }
  std::vector<png::Image> images = panels;
  if (panels.size() > 1) {
    images.push_back(png::side_by_side(
        panels, "Layer 0 · all " + std::to_string(h) + " heads · softmax weights A_0 … A_" + std::to_string(h - 1),
        font));
    names.push_back("layer0-all-heads-softmax.png");
  }
  // PNG compression is most of the time of a run; the images are encoded
  // side by side (the largest, all heads, first). Each image's bytes depend
  // on that image alone, so the files are the same whatever the timing.
  std::vector<std::string> bytes(images.size());
  std::atomic<std::size_t> taken{0};
  auto work = [&] {
    for (std::size_t n; (n = taken.fetch_add(1)) < images.size();) {
      const std::size_t k = images.size() - 1 - n;
      bytes[k] = png::encode_png(images[k]);
    }
  };
  const std::size_t threads = std::min<std::size_t>({images.size(), std::max(1u, std::thread::hardware_concurrency()), 4});
  std::vector<std::future<void>> workers;
  for (std::size_t t = 1; t < threads; ++t) workers.push_back(std::async(std::launch::async, work));
  work();
  for (auto& w : workers) w.get();  // rethrows a worker's exception
  std::vector<Picture> pictures;
  for (std::size_t k = 0; k < images.size(); ++k) pictures.push_back({names[k], std::move(bytes[k])});
  return pictures;
}

}  // namespace mha
