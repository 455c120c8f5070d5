#pragma once
// What pictures.cpp (the toy layer's pictures, the entry points) and
// pictures_model.cpp (a --model run's: per block, the layers × heads
// overview, the rollout) share. Private to the two.
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mha/views/pictures/pictures.hpp"
#include "mha/views/png/heatmap.hpp"

namespace mha::picture_detail {

struct StepWords {
  const char* what;  // in the title
  const char* bar;   // beside the colour bar
};
StepWords words(StepName s);

// The parts joined: one string built without temporaries.
inline std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

// The pictures of a run: each a function that draws it, run when it is
// encoded. A toy run's are drawn already (the function hands the image
// over); a model's, up to 144 per-head pictures and a grid per layer, are
// drawn side by side by the encoder's threads, each image freed once encoded.
struct Drawn {
  std::vector<std::string> names, titles;
  std::vector<std::function<png::Image()>> draw;
  void add(std::string name, std::string title, png::Image image) {
    auto drawn = std::make_shared<png::Image>(std::move(image));
    add_later(std::move(name), std::move(title), [drawn] { return std::move(*drawn); });
  }
  void add_later(std::string name, std::string title, std::function<png::Image()> f) {
    names.push_back(std::move(name));
    titles.push_back(std::move(title));
    draw.push_back(std::move(f));
  }
};

std::string mask_note(const Trace& trace);                  // ", causal mask", ""
std::string pooling_note(int block_rows, int block_cols);  // " · mean-pooled 4×4", ""
// The value at rank ceil(percent / 100 · N) of the N finite values of the
// matrices (of their magnitudes for a diverging map): 100 is the largest;
// 0 if there is none.
float percentile(const std::vector<const Matrix*>& shown, bool magnitude, long long percent);
std::vector<const Matrix*> pointers(const std::vector<Matrix>& matrices);
// --scale auto reaches to this percentile of the values shown.
inline constexpr long long kAutoPercentile = 99;
float round_up(float x);  // to one significant digit: 0.76 -> 0.8
// The weights on the chosen sequential map from 0 to top, scores on the
// diverging map from −top to top.
void set_colours(png::HeatmapSpec& spec, StepName step, float top, const PictureOptions& options);

// A model step's pictures (per captured block and the overview), and the rollout's.
void model_step_pictures(const Trace& trace, StepName step, const png::Font* font, const PictureOptions& options,
                         Drawn& out);
void rollout_picture(const Trace& trace, const png::Font* font, const PictureOptions& options, Drawn& out);
// The head atlas: per metric of model/analysis.hpp, heads-<metric>.png.
void head_atlas_pictures(const Trace& trace, const png::Font* font, const PictureOptions& options, Drawn& out);

}  // namespace mha::picture_detail
