#pragma once
// pictures: the PNG files of a trace. One heatmap of the attention weights
// (softmax step) per head, and one image with all heads side by side.
#include <string>
#include <utility>
#include <vector>

#include "mha/trace.hpp"

namespace mha {

namespace png {
class Font;
}

struct Picture {
  std::string file_name;  // "layer0-head1-softmax.png"
  std::string png;        // the file's bytes
};

// font may be nullptr: the pictures are drawn without any text.
std::vector<Picture> attention_pictures(const Trace& trace, const png::Font* font);

}  // namespace mha
