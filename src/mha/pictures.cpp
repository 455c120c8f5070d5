#include "mha/pictures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mha/parallel.hpp"
#include "mha/png/heatmap.hpp"

namespace mha {

namespace {

// A masked cell has weight exactly 0 in A, like a cell that merely scored
// low. For the picture, the cells that were −∞ in the mask step M become −∞
// again, which the heatmap draws as masked (grey, hatched).
Matrix with_masked_cells(const Matrix& A, const Matrix& M) {
  Matrix shown = A;
  for (Index q = 0; q < shown.rows(); ++q)
    for (Index k = 0; k < shown.cols(); ++k)
      if (std::isinf(M(q, k))) shown(q, k) = -std::numeric_limits<float>::infinity();
  return shown;
}

// PNG compression is most of the time of a run, so the images are encoded
// side by side, the last (largest: all heads) first. Each file's bytes depend
// on its image alone, so the output is the same whatever the timing.
std::vector<std::string> encode_all(const std::vector<png::Image>& images) {
  std::vector<std::string> bytes(images.size());
  parallel_for(images.size(), 4, [&](std::size_t n) {
    const std::size_t k = images.size() - 1 - n;
    bytes[k] = png::encode_png(images[k]);
  });
  return bytes;
}

}  // namespace

std::vector<Picture> attention_pictures(const Trace& trace, const png::Font* font) {
  const int h = trace.config.heads;
  std::string mask = trace.config.causal && !trace.key_padding.empty() ? ", causal + padding mask"
                     : trace.config.causal                          ? ", causal mask"
                     : !trace.key_padding.empty()                   ? ", padding mask"
                                                                    : "";
  if (trace.cross()) mask += ", cross-attention";
  std::vector<std::string> names;
  std::vector<png::Image> images;
  for (int i = 0; i < h; ++i) {
    const Step* A = trace.find(StepName::softmax, i);
    if (!A) continue;
    const Step* M = trace.find(StepName::mask, i);
    const Matrix shown = M ? with_masked_cells(A->tensor.value, M->tensor.value) : A->tensor.value;
    png::HeatmapSpec spec;
    spec.values = &shown;
    spec.row_labels = A->tensor.row_labels;  // queries
    spec.col_labels = A->tensor.col_labels;  // keys: the context's tokens in cross-attention
    spec.title = "Layer 0 · Head " + std::to_string(i) + " · softmax weights " + A->symbol + " (d_k = " +
                 std::to_string(trace.config.d_k) + mask + ")";
    spec.vmin = 0.0f;
    spec.vmax = 1.0f;
    images.push_back(png::render_heatmap(spec, font));
    names.push_back("layer0-head" + std::to_string(i) + "-softmax.png");
  }
  if (images.size() > 1) {
    images.push_back(png::side_by_side(
        images, "Layer 0 · all " + std::to_string(h) + " heads · softmax weights A_0 … A_" + std::to_string(h - 1),
        font));
    names.push_back("layer0-all-heads-softmax.png");
  }
  std::vector<std::string> bytes = encode_all(images);
  std::vector<Picture> pictures;
  for (std::size_t k = 0; k < images.size(); ++k) pictures.push_back({names[k], std::move(bytes[k])});
  return pictures;
}

}  // namespace mha
