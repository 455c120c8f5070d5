#pragma once
// pictures: the PNG files of a trace. For each chosen step (softmax weights
// by default; raw scores too on request) one heatmap per head and, with
// several heads, one grid of all heads with a shared colour bar.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mha/png/colormap.hpp"
#include "mha/steps.hpp"
#include "mha/trace.hpp"

namespace mha {

namespace png {
class Font;
}

// How the colour range of the weights is chosen (raw scores always use
// -max|x| .. +max|x| over the heads of the step, on the diverging map).
enum class PictureScale {
  fixed,  // 0 to 1: pictures of different sentences compare directly
  automatic,  // 0 to the largest weight shown in any head: long sentences, whose weights are about 1/n, stay readable
};
std::string_view to_string(PictureScale scale);       // "fixed", "auto"
PictureScale picture_scale_from_string(std::string_view name);  // throws InputError naming fixed and auto

struct PictureOptions {
  // Steps drawn, each a picture per head: scores, scale, mask, softmax.
  std::vector<StepName> steps{StepName::softmax};
  png::Colormap colormap = png::Colormap::viridis;  // of the softmax weights (a sequential map)
  PictureScale scale = PictureScale::automatic;
  int cell = 0;         // cell size in pixels; 0 = automatic (png/heatmap.hpp)
  int max_cells = 512;  // longer matrices are mean-pooled to at most this many cells a side
};

// "scores,softmax" -> {scores, softmax}, in the order of the steps, each
// once; "weights" is another name for softmax. Throws InputError naming an
// unknown name and the allowed ones.
std::vector<StepName> picture_steps_from_list(std::string_view comma_separated);

struct Picture {
  std::string file_name;  // "layer0-head1-softmax.png", "layer0-all-heads-scores.png"
  std::string png;        // the file's bytes
};

// font may be nullptr: the pictures are drawn without any text.
std::vector<Picture> attention_pictures(const Trace& trace, const png::Font* font, const PictureOptions& options = {});

// What the pictures of these options leave out, one line each for stderr
// (a mask step asked for in a run without a mask).
std::vector<std::string> picture_warnings(const Trace& trace, const PictureOptions& options);

}  // namespace mha
