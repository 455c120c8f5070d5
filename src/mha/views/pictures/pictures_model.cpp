// A --model run's pictures: per captured block a heatmap per head and a grid
// of its heads, the layers × heads overview, and the attention rollout
// (docs/pictures.md, "Models"). The toy layer's are in pictures.cpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "mha/views/pictures/detail/picture_detail.hpp"
#include "mha/views/png/pool.hpp"
#include "mha/core/trace_queries.hpp"
#include "mha/views/common/index_list.hpp"
#include "mha/model/analysis.hpp"

namespace mha::picture_detail {

namespace {

// Per-head files by default only up to this many heads in all (HeadPictures::automatic).
constexpr std::size_t kAutoHeadPictureLimit = 24;
// The panels of a layer's grid: pooled to at most this many cells a side and
// drawn about this many pixels wide (12 heads of 128 tokens: 4 × 3 panels of 256 px).
constexpr int kLayerGridCells = 256;

Matrix pooled(const Matrix& m, int block_rows, int block_cols) {
  return block_rows * block_cols > 1 ? png::pool_mean(m, block_rows, block_cols) : m;
}

// One captured head of a step, at the three sizes its pictures need.
struct ModelHead {
  int layer = 0, head = 0;
  const Step* step = nullptr;
  Matrix own;    // its own picture (pooled to options.max_cells); empty without one
  Matrix panel;  // its panel in the layer's grid (pooled to kLayerGridCells)
  Matrix thumb;  // its panel in the layers × heads grid (pooled to png::kThumbnailPx)
};

struct Pooling {
  int rows = 1, cols = 1;
  Pooling(Index r, Index c, int max_cells) : rows(png::pool_block(r, max_cells)), cols(png::pool_block(c, max_cells)) {}
};

png::HeatmapSpec model_spec(const Matrix& values, const Step& step, const Pooling& pool, StepName name, float top,
                            const PictureOptions& options) {
  png::HeatmapSpec spec;
  spec.values = &values;
  spec.row_labels = step.tensor.row_labels;
  spec.col_labels = step.tensor.col_labels;
  spec.block_rows = pool.rows, spec.block_cols = pool.cols;
  spec.colorbar_label = words(name).bar;
  set_colours(spec, name, top, options);
  return spec;
}

}  // namespace

// A model step's pictures: per captured layer a heatmap per head (see
// HeadPictures) and a grid of its heads; a grid of every layer and head.
void model_step_pictures(const Trace& trace, StepName step, const png::Font* font, const PictureOptions& options,
                         Drawn& out) {
  // Drawn later, on the encoder's threads: the matrices stay alive with the
  // drawings that point into them (`keep`).
  const auto keep = std::make_shared<std::vector<ModelHead>>();
  std::vector<ModelHead>& found = *keep;
  for (const Step& s : trace.steps)
    if (s.name == step && s.layer && s.head) found.push_back({*s.layer, *s.head, &s, {}, {}, {}});
  if (found.empty()) return;
  std::stable_sort(found.begin(), found.end(), [](const ModelHead& a, const ModelHead& b) {
    return a.layer != b.layer ? a.layer < b.layer : a.head < b.head;
  });
  const ModelInfo& model = *trace.model;
  const std::size_t everything = static_cast<std::size_t>(std::max(model.layers, 0)) *
                                 static_cast<std::size_t>(std::max(model.heads, 0));
  const bool own = options.head_pictures == HeadPictures::all ||
                   (options.head_pictures == HeadPictures::automatic &&
                    (found.size() < everything || everything <= kAutoHeadPictureLimit));
  const Index n = found.front().step->tensor.value.rows(), m = found.front().step->tensor.value.cols();
  const Pooling own_pool(n, m, options.max_cells), grid_pool(n, m, kLayerGridCells),
      thumb_pool(n, m, png::kThumbnailPx);
  std::vector<const Matrix*> ranged;  // what the colour range is taken from: the grids' panels
  for (ModelHead& h : found) {
    const Matrix values = step == StepName::softmax ? weights_with_masked_cells(trace, h.head, h.layer).value
                                                    : h.step->tensor.value;
    if (own) h.own = pooled(values, own_pool.rows, own_pool.cols);
    h.panel = pooled(values, grid_pool.rows, grid_pool.cols);
    h.thumb = pooled(values, thumb_pool.rows, thumb_pool.cols);
  }
  for (const ModelHead& h : found) ranged.push_back(&h.panel);
  const bool weights = step == StepName::softmax;
  const bool automatic = options.scale == PictureScale::automatic;
  const float top = weights && !automatic ? 1.0f
                                          : round_up(percentile(ranged, !weights, automatic ? kAutoPercentile : 100));
  ranged.clear();

  const std::string name = model_title(model), step_name(to_string(step)), what = words(step).what;
  const std::string detail = cat({" (d_k = ", std::to_string(trace.config.d_k), mask_note(trace), ")"});
  // Grouped-query attention: the key/value head query head h reads (−1 when each head has its own).
  const auto kv_of = [&model](int h) {
    if (!model.decoder || model.decoder->kv_heads >= model.heads) return -1;
    return h / (model.heads / model.decoder->kv_heads);
  };
  const auto kv_note = [&](int h) { return kv_of(h) < 0 ? std::string() : cat({" · kv ", std::to_string(kv_of(h))}); };
  std::vector<int> layers, heads;
  for (std::size_t k = 0; k < found.size();) {
    const int layer = found[k].layer;
    layers.push_back(layer);
    const std::string in_layer = cat({name, " · layer ", std::to_string(layer)});
    std::vector<png::GridPanel> panels;
    std::vector<int> layer_heads;
    for (; k < found.size() && found[k].layer == layer; ++k) {
      const ModelHead& h = found[k];
      layer_heads.push_back(h.head);
      if (std::find(heads.begin(), heads.end(), h.head) == heads.end()) heads.push_back(h.head);
      if (own) {
        png::HeatmapSpec spec = model_spec(h.own, *h.step, own_pool, step, top, options);
        spec.cell = options.cell;
        spec.title = cat({in_layer, " · head ", std::to_string(h.head), kv_note(h.head), " · ", what, " ", h.step->symbol, detail,
                          pooling_note(own_pool.rows, own_pool.cols)});
        std::string title = spec.title;
        out.add_later(cat({"layer", std::to_string(layer), "-head", std::to_string(h.head), "-", step_name, ".png"}),
                      std::move(title), [keep, spec = std::move(spec), font] { return png::render_heatmap(spec, font); });
      }
      png::GridPanel panel{layer, h.head, model_spec(h.panel, *h.step, grid_pool, step, top, options), kv_of(h.head)};
      panel.spec.cell = std::max<int>(1, kLayerGridCells / static_cast<int>(std::max(h.panel.rows(), h.panel.cols())));
      panels.push_back(std::move(panel));
    }
    if (panels.size() > 1) {
      const std::string which = static_cast<int>(panels.size()) == model.heads
                                    ? cat({"all ", std::to_string(panels.size()), " heads"})
                                    : cat({"heads ", index_list(layer_heads)});
      const std::string title = cat({in_layer, " · ", which, " · ", what, pooling_note(grid_pool.rows, grid_pool.cols)});
      out.add_later(cat({"layer", std::to_string(layer), "-all-heads-", step_name, ".png"}), title,
                    [keep, panels = std::move(panels), title, font] { return png::heatmap_grid(panels, title, font); });
    }
  }
  if (layers.size() > 1) {
    std::sort(heads.begin(), heads.end());
    std::vector<png::GridPanel> panels;
    for (const ModelHead& h : found)
      panels.push_back({h.layer, h.head, model_spec(h.thumb, *h.step, thumb_pool, step, top, options), kv_of(h.head)});
    const std::string title = cat({name, " · layers ", index_list(layers), " × heads ", index_list(heads), " · ", what,
                                   pooling_note(thumb_pool.rows, thumb_pool.cols)});
    const std::string subtitle = cat({"each panel: queries (rows) × keys (columns), ", std::to_string(n),
                                      " tokens · one colour range for all", mask_note(trace)});
    out.add_later(cat({"layers-x-heads-", step_name, ".png"}), title, [keep, panels = std::move(panels), title, subtitle, font] {
      return png::layers_heads_grid(panels, title, subtitle, font);
    });
  }
}

// The attention rollout [n, n]: row q, how much of each input token flows
// into the last block's vector of token q. Causal: the keys after q are
// drawn masked (they are 0 in every factor of the product).
void rollout_picture(const Trace& trace, const png::Font* font, const PictureOptions& options, Drawn& out) {
  if (trace.rollout->value.size() == 0) return;
  const LabelledMatrix r = rollout_with_masked_cells(trace);
  const Matrix& values = r.value;
  const Pooling pool(values.rows(), values.cols(), options.max_cells);
  std::vector<Matrix> shown{pooled(values, pool.rows, pool.cols)};
  const float top =
      options.scale == PictureScale::fixed ? 1.0f : round_up(percentile(pointers(shown), false, kAutoPercentile));
  std::vector<int> layers;
  for (int l = 0; l < trace.model->layers; ++l) layers.push_back(l);
  if (layers.empty()) layers = trace.layers();
  png::HeatmapSpec spec;
  spec.values = &shown.front();
  spec.row_labels = r.row_labels;
  spec.col_labels = r.col_labels;
  spec.block_rows = pool.rows, spec.block_cols = pool.cols;
  spec.cell = options.cell;
  set_colours(spec, StepName::softmax, top, options);  // shares, like weights
  spec.row_axis = "token (its vector after the last layer)";
  spec.col_axis = "input token";
  spec.colorbar_label = "share of the input token";
  spec.title = cat({model_title(*trace.model), " · attention rollout, ", layers.size() == 1 ? "layer " : "layers ",
                    index_list(layers), pooling_note(pool.rows, pool.cols)});
  out.add("rollout.png", spec.title, png::render_heatmap(spec, font));
}

// The head atlas: one picture per metric of model/analysis.hpp, a cell per
// captured head (rows: layers, columns: heads) with its value written in it;
// shares on 0 … 1, entropy on 0 … the largest max_entropy (bits).
void head_atlas_pictures(const Trace& trace, const png::Font* font, const PictureOptions& options, Drawn& out) {
  const std::vector<HeadStats>& stats = trace.head_stats;
  if (stats.empty()) return;
  const ModelInfo& model = *trace.model;
  std::vector<int> layers, heads;  // the captured ones, ascending
  for (const HeadStats& s : stats) {
    if (std::find(layers.begin(), layers.end(), s.layer) == layers.end()) layers.push_back(s.layer);
    if (std::find(heads.begin(), heads.end(), s.head) == heads.end()) heads.push_back(s.head);
  }
  std::sort(layers.begin(), layers.end());
  std::sort(heads.begin(), heads.end());
  const auto at = [](const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) - v.begin(); };
  Labels rows, cols;
  for (int l : layers) rows.push_back(cat({"layer ", std::to_string(l)}));
  for (int h : heads) cols.push_back(cat({"head ", std::to_string(h)}));
  float top_entropy = 0;
  for (const HeadStats& s : stats) top_entropy = std::max(top_entropy, s.max_entropy);
  for (std::size_t m = 0; m < kHeadMetricCount; ++m) {
    const std::string_view metric = kHeadMetrics[m];
    if (metric == "separator" && model.type != "bert") continue;
    if (!head_metric(stats.front(), m)) continue;
    // [layers, heads]; a head not captured stays NaN (drawn hatched)
    auto values = std::make_shared<Matrix>(Matrix::Constant(static_cast<Index>(layers.size()),
                                                            static_cast<Index>(heads.size()),
                                                            std::numeric_limits<float>::quiet_NaN()));
    for (const HeadStats& s : stats) (*values)(at(layers, s.layer), at(heads, s.head)) = *head_metric(s, m);
    png::HeatmapSpec spec;
    spec.values = values.get();
    spec.row_labels = rows;
    spec.col_labels = cols;
    spec.row_axis = "layer";
    spec.col_axis = "head";
    spec.colormap = options.colormap;
    spec.vmin = 0.0f;
    spec.vmax = metric == "entropy" ? std::max(top_entropy, 1e-6f) : 1.0f;
    spec.cell = options.cell > 0 ? options.cell : 64;
    spec.colorbar_label = metric == "entropy" ? "entropy (bits)" : cat({std::string(metric), " score"});
    spec.title = cat({model_title(model), " · head atlas · ", metric, metric == "entropy" ? " (bits)" : " score",
                      " · ", std::to_string(trace.tokens.size()), " tokens"});
    if (metric == "induction")
      spec.title = cat({model_title(model), " · head atlas · induction score · probe of ",
                        std::to_string(trace.induction_probe ? trace.induction_probe->length : 0), " ids × 2"});
    std::string title = spec.title;
    out.add_later(cat({"heads-", metric, ".png"}), std::move(title),
                  [values, spec = std::move(spec), font] { return png::render_heatmap(spec, font); });
  }
}

}  // namespace mha::picture_detail
