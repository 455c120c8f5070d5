#include "mha/corpus/atlas.hpp"

#include "mha/views/png/heatmap.hpp"

namespace mha::corpus {

std::string heads_atlas(const Aggregate& aggregate, const png::Font* font) {
  const ModelKey& m = aggregate.model();
  if (aggregate.heads().empty() || m.layers < 1 || m.heads < 1) return "";
  std::vector<png::Image> panels;
  std::vector<std::string> rows, cols;
  for (int l = 0; l < m.layers; ++l) rows.push_back(std::to_string(l));
  for (int h = 0; h < m.heads; ++h) cols.push_back(std::to_string(h));
  for (std::size_t f = 0; f < aggregate.numbers().size(); ++f) {
    const std::string& name = aggregate.numbers()[f];
    // [layers, heads]: the field's mean over the corpus; a head never counted is masked (−∞, hatched).
    Matrix means = Matrix::Constant(m.layers, m.heads, -std::numeric_limits<float>::infinity());
    for (const auto& [key, head] : aggregate.heads())
      if (head.count) means(key.first, key.second) = static_cast<float>(aggregate.mean(head, f));
    png::HeatmapSpec spec;
    spec.values = &means;
    spec.row_labels = rows;
    spec.col_labels = cols;
    spec.row_axis = "layer";
    spec.col_axis = "head";
    const Bins bins = bins_of(name);
    const bool bits = bins.hi > 1;
    spec.title = "mean " + name + (bits ? " (bits)" : " (share)");
    spec.colorbar_label = bits ? "bits" : "share of the weight";
    if (!bits) {
      spec.vmin = 0.0f;
      spec.vmax = 1.0f;
    }
    panels.push_back(png::render_heatmap(spec, font));
  }
  const std::string title = m.type + ": " + std::to_string(aggregate.sentences()) + " sentences, means per layer and head";
  return png::encode_png(png::side_by_side(panels, title, font));
}

}  // namespace mha::corpus
