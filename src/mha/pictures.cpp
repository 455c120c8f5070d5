#include "mha/pictures.hpp"

#include "mha/png/heatmap.hpp"

namespace mha {

std::vector<Picture> attention_pictures(const Trace& trace, const png::Font* font) {
  std::vector<Picture> pictures;
  std::vector<png::Image> panels;
  const Labels tokens = trace.token_labels();
  const int h = trace.config.heads;
  const std::string mask = trace.config.causal ? ", causal mask" : "";
  for (int i = 0; i < h; ++i) {
    const Step* A = trace.find(StepName::softmax, i);
    if (!A) continue;
    png::HeatmapSpec spec;
    spec.values = &A->tensor.value;
    spec.row_labels = tokens;
    spec.col_labels = tokens;
    spec.title = "Layer 0 · Head " + std::to_string(i) + " · softmax weights " + A->symbol + " (d_k = " +
                 std::to_string(trace.config.d_k()) + mask + ")";
    spec.vmin = 0.0f;
    spec.vmax = 1.0f;
    panels.push_back(png::render_heatmap(spec, font));
    pictures.push_back({"layer0-head" + std::to_string(i) + "-softmax.png", png::encode_png(panels.back())});
  }
  if (panels.size() > 1) {
    const png::Image all = png::side_by_side(
        panels, "Layer 0 · all " + std::to_string(h) + " heads · softmax weights A_0 … A_" + std::to_string(h - 1),
        font);
    pictures.push_back({"layer0-all-heads-softmax.png", png::encode_png(all)});
  }
  return pictures;
}

}  // namespace mha
