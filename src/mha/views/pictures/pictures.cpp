#include "mha/views/pictures/pictures.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>

#include "mha/core/error.hpp"
#include "mha/core/parallel.hpp"
#include "mha/views/pictures/detail/picture_detail.hpp"
#include "mha/views/png/heatmap.hpp"
#include "mha/views/png/pool.hpp"
#include "mha/core/trace_queries.hpp"
#include "mha/views/common/index_list.hpp"

namespace mha {

namespace picture_detail {

StepWords words(StepName s) {
  switch (s) {
    case StepName::scores: return {"scores", "score"};
    case StepName::scale: return {"scaled scores", "scaled score"};
    case StepName::mask: return {"masked scores", "masked score"};
    default: return {"softmax weights", "attention weight"};
  }
}

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
std::vector<std::string> encode_all(std::vector<std::function<png::Image()>>& draw) {
  std::vector<std::string> bytes(draw.size());
  parallel_for(draw.size(), 4, [&](std::size_t n) {
    const std::size_t k = draw.size() - 1 - n;
    bytes[k] = png::encode_png(draw[k]());
    draw[k] = nullptr;
  });
  return bytes;
}

std::string mask_note(const Trace& trace) {
  std::string mask = trace.mask_name() == "none" ? "" : ", " + trace.mask_name() + " mask";
  if (trace.cross()) mask += ", cross-attention";
  return mask;
}

// " · mean-pooled 4×4" when the cells are blocks of tokens.
std::string pooling_note(int block_rows, int block_cols) {
  if (block_rows == 1 && block_cols == 1) return "";
  std::string note = " · mean-pooled ";
  note += std::to_string(block_rows);
  note += "×";
  note += std::to_string(block_cols);
  return note;
}

// The value at rank ceil(percent / 100 · N) of the N finite values of the
// matrices (of their magnitudes for a diverging map): 100 is the largest;
// 0 if there is none.
float percentile(const std::vector<const Matrix*>& shown, bool magnitude, long long percent) {
  std::vector<float> values;
  for (const Matrix* m : shown)
    for (Index i = 0; i < m->size(); ++i) {
      const float v = m->data()[i];
      if (std::isfinite(v)) values.push_back(magnitude ? std::fabs(v) : v);
    }
  if (values.empty()) return 0.0f;
  const auto n = static_cast<long long>(values.size());
  const auto at = values.begin() + std::clamp<long long>((percent * n + 99) / 100 - 1, 0, n - 1);
  std::nth_element(values.begin(), at, values.end());
  return *at;
}

std::vector<const Matrix*> pointers(const std::vector<Matrix>& matrices) {
  std::vector<const Matrix*> out;
  for (const Matrix& m : matrices) out.push_back(&m);
  return out;
}

// kAutoPercentile (picture_detail.hpp): --scale auto reaches to the 99th
// percentile, so that a few outliers (one token that draws all attention) do
// not leave the rest of a long sentence in the colour of 0; the cells above it
// are drawn in the top colour, and the colour bar marks that. fixed: weights 0
// to 1, scores to their largest magnitude.

// The top of a colour range: x rounded up to one significant
// digit (0.76 -> 0.8, 5.27 -> 6, 0.0031 -> 0.004), so that the colour bar
// ends on a labelled tick. Plain multiplications and divisions by 10: the
// same result on every machine.
float round_up(float x) {
  if (!(x > 0.0f) || !std::isfinite(x)) return x;
  double unit = 1.0;
  while (double{x} >= 10.0 * unit) unit *= 10.0;
  while (double{x} < unit) unit /= 10.0;
  return static_cast<float>(std::ceil(double{x} / unit - 1e-6) * unit);
}

// The colours of a step's pictures: the weights on the chosen sequential
// map from 0 to top, scores on the diverging map from −top to top (0 to
// 1, or the values' own range, when top is 0).
void set_colours(png::HeatmapSpec& spec, StepName step, float top, const PictureOptions& options) {
  if (step == StepName::softmax) {
    spec.colormap = options.colormap;
    spec.vmin = 0.0f;
    spec.vmax = top > 0.0f ? top : 1.0f;
  } else {
    spec.colormap = png::Colormap::rdbu_r;
    if (top > 0.0f) spec.vmin = -top, spec.vmax = top;
  }
}

}  // namespace picture_detail

namespace {

using namespace picture_detail;

// The steps that have a picture, in the order they are computed.
constexpr std::array<StepName, 4> kPictureSteps = {StepName::scores, StepName::scale, StepName::mask,
                                                    StepName::softmax};

// One step's pictures: a heatmap per head, and a grid of all heads.
void step_pictures(const Trace& trace, StepName step, const png::Font* font, const PictureOptions& options,
                   Drawn& out) {
  std::vector<const Step*> found;
  for (int i = 0; i < trace.config.heads; ++i)
    if (const Step* s = trace.find(step, i)) found.push_back(s);
  if (found.empty()) return;
  const Matrix& first = found.front()->tensor.value;
  const int block_rows = png::pool_block(first.rows(), options.max_cells);
  const int block_cols = png::pool_block(first.cols(), options.max_cells);
  std::vector<Matrix> shown;
  for (const Step* s : found) {
    const Step* M = step == StepName::softmax ? trace.find(StepName::mask, *s->head) : nullptr;
    const Matrix& values = M ? with_masked_cells(s->tensor.value, M->tensor.value) : s->tensor.value;
    shown.push_back(block_rows * block_cols > 1 ? png::pool_mean(values, block_rows, block_cols) : values);
  }
  const bool weights = step == StepName::softmax;
  const bool automatic = options.scale == PictureScale::automatic;
  const float top = weights && !automatic ? 1.0f
                                          : round_up(percentile(pointers(shown), !weights, automatic ? kAutoPercentile : 100));
  const std::string detail = " (d_k = " + std::to_string(trace.config.d_k) + mask_note(trace) + ")" +
                             pooling_note(block_rows, block_cols);
  const std::string step_name(to_string(step));
  std::vector<png::GridPanel> panels;
  for (std::size_t k = 0; k < found.size(); ++k) {
    const int head = *found[k]->head;
    png::GridPanel panel{0, head, {}};
    png::HeatmapSpec& spec = panel.spec;
    spec.values = &shown[k];
    spec.row_labels = found[k]->tensor.row_labels;  // queries
    spec.col_labels = found[k]->tensor.col_labels;  // keys: the context's tokens in cross-attention
    spec.block_rows = block_rows, spec.block_cols = block_cols;
    spec.cell = options.cell;
    spec.colorbar_label = words(step).bar;
    spec.title = "Layer 0 · Head " + std::to_string(head) + " · " + words(step).what + " " + found[k]->symbol + detail;
    set_colours(spec, step, top, options);
    out.add("layer0-head" + std::to_string(head) + "-" + step_name + ".png", spec.title, png::render_heatmap(spec, font));
    panels.push_back(std::move(panel));
  }
  if (panels.size() > 1) {
    std::string title = "Layer 0 · all " + std::to_string(panels.size()) + " heads · " + words(step).what + " ";
    title += found.front()->symbol;
    title += " … ";
    title += found.back()->symbol;
    title += pooling_note(block_rows, block_cols);
    out.add("layer0-all-heads-" + step_name + ".png", title, png::heatmap_grid(panels, title, font));
  }
}


}  // namespace

std::string_view to_string(PictureScale scale) { return kPictureScaleNames.name(scale); }

PictureScale picture_scale_from_string(std::string_view name) { return kPictureScaleNames.parse(name); }

std::string_view to_string(HeadPictures which) { return kHeadPicturesNames.name(which); }

HeadPictures head_pictures_from_string(std::string_view name) { return kHeadPicturesNames.parse(name); }

std::vector<StepName> picture_steps_from_list(std::string_view list) {
  std::vector<bool> wanted(kPictureSteps.size(), false);
  bool any = false;
  while (true) {
    const std::size_t comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    bool known = name.empty();
    for (std::size_t k = 0; k < kPictureSteps.size(); ++k)
      if (name == to_string(kPictureSteps[k]) || (name == "weights" && kPictureSteps[k] == StepName::softmax))
        wanted[k] = known = any = true;
    if (!known) {
      std::string message = "--png-steps: unknown step '";
      message += name;
      message += "'; expected scores, scale, mask or softmax (weights is softmax), e.g. scores,softmax";
      throw InputError(message);
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (!any) throw InputError("--png-steps names no step; expected scores, scale, mask or softmax, e.g. scores,softmax");
  std::vector<StepName> steps;
  for (std::size_t k = 0; k < kPictureSteps.size(); ++k)
    if (wanted[k]) steps.push_back(kPictureSteps[k]);
  return steps;
}

std::vector<Picture> attention_pictures(const Trace& trace, const png::Font* font, const PictureOptions& options) {
  Drawn drawn;
  for (StepName step : kPictureSteps)
    if (std::find(options.steps.begin(), options.steps.end(), step) != options.steps.end()) {
      if (trace.is_model())
        model_step_pictures(trace, step, font, options, drawn);
      else
        step_pictures(trace, step, font, options, drawn);
    }
  if (trace.is_model() && trace.rollout) rollout_picture(trace, font, options, drawn);
  if (trace.is_model()) head_atlas_pictures(trace, font, options, drawn);
  std::vector<std::string> bytes = encode_all(drawn.draw);
  std::vector<Picture> pictures;
  for (std::size_t k = 0; k < bytes.size(); ++k)
    pictures.push_back({std::move(drawn.names[k]), std::move(bytes[k]), std::move(drawn.titles[k])});
  return pictures;
}

std::vector<std::string> picture_warnings(const Trace& trace, const PictureOptions& options) {
  std::vector<std::string> warnings;
  if (trace.is_model()) {
    for (StepName step : options.steps)
      if (std::none_of(trace.steps.begin(), trace.steps.end(),
                       [&](const Step& s) { return s.name == step && s.layer && s.head; })) {
        std::string w = "warning: --png-steps ";
        w += to_string(step);
        w += ": the trace kept no such step (a --model run keeps only the softmax unless --steps asks for more), so "
             "there are no pictures of it";
        warnings.push_back(std::move(w));
      }
    return warnings;
  }
  if (std::find(options.steps.begin(), options.steps.end(), StepName::mask) != options.steps.end() &&
      !trace.find(StepName::mask, 0))
    warnings.push_back("warning: --png-steps mask: this run masks nothing (no --causal or --pad), so there are no "
                       "mask pictures");
  return warnings;
}

}  // namespace mha
