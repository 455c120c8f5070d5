#pragma once
// pictures: the PNG files of a trace. For each chosen step (softmax weights
// by default; raw scores too on request) one heatmap per head and, with
// several heads, one grid of all heads with a shared colour bar. A --model
// trace gets these per captured layer, a layers × heads overview, and its
// attention rollout (docs/pictures.md, "Models").
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mha/core/enum_names.hpp"
#include "mha/views/png/colormap.hpp"
#include "mha/core/steps.hpp"
#include "mha/core/trace.hpp"

namespace mha {

namespace png {
class Font;
}

// How the colour range of the weights is chosen (raw scores always use
// -max|x| .. +max|x| over the heads of the step, on the diverging map).
enum class PictureScale {
  fixed,  // 0 to 1: pictures of different sentences compare directly
  automatic,  // 0 to the 99th percentile of the weights shown in any head: long sentences,
              // whose weights are about 1/n, stay readable
};
inline constexpr auto kPictureScaleNames =
    enum_names<PictureScale>("colour scale",
                             {{PictureScale::fixed, "fixed", "weights 0 to 1"},
                              {PictureScale::automatic, "auto", "0 to the 99th percentile of the weights shown"}});
std::string_view to_string(PictureScale scale);       // "fixed", "auto"
PictureScale picture_scale_from_string(std::string_view name);  // throws InputError naming fixed and auto

// --model runs: which captured heads get a picture file of their own (the
// grids show every captured head whatever this says).
enum class HeadPictures {
  automatic,  // each captured head, unless the run captured every head of a model with more than 24 (GPT-2 small: 144)
  all,        // each captured head
  none,       // grids only
};
inline constexpr auto kHeadPicturesNames = enum_names<HeadPictures>(
    "choice of head pictures",
    {{HeadPictures::automatic, "auto", "each captured head, unless every head of a model with more than 24"},
     {HeadPictures::all, "all"},
     {HeadPictures::none, "none"}});
std::string_view to_string(HeadPictures which);                  // "auto", "all", "none"
HeadPictures head_pictures_from_string(std::string_view name);  // throws InputError naming the three

struct PictureOptions {
  // Steps drawn, each a picture per head: scores, scale, mask, softmax.
  std::vector<StepName> steps{StepName::softmax};
  png::Colormap colormap = png::Colormap::viridis;  // of the softmax weights (a sequential map)
  PictureScale scale = PictureScale::automatic;
  int cell = 0;         // cell size in pixels; 0 = automatic (png/heatmap.hpp)
  int max_cells = 512;  // longer matrices are mean-pooled to at most this many cells a side
  HeadPictures head_pictures = HeadPictures::automatic;  // --model runs only
};

// "scores,softmax" -> {scores, softmax}, in the order of the steps, each
// once; "weights" is another name for softmax. Throws InputError naming an
// unknown name and the allowed ones.
std::vector<StepName> picture_steps_from_list(std::string_view comma_separated);

struct Picture {
  // "layer0-head1-softmax.png", "layer0-all-heads-scores.png"; --model runs
  // also "layers-x-heads-softmax.png", "rollout.png" and the head atlas "heads-<metric>.png".
  std::string file_name;
  std::string png;        // the file's bytes
  std::string title;      // the title drawn on it (also when there is no font to draw it): for alt texts
};

// font may be nullptr: the pictures are drawn without any text. In the order
// of the steps; per step, layer by layer its heads and then its grid, then
// the layers × heads grid; the rollout last.
std::vector<Picture> attention_pictures(const Trace& trace, const png::Font* font, const PictureOptions& options = {});


// What the pictures of these options leave out, one line each for stderr
// (a mask step asked for in a run without a mask; in a --model run, a step
// the trace did not keep).
std::vector<std::string> picture_warnings(const Trace& trace, const PictureOptions& options);

}  // namespace mha
