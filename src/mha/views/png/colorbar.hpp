#pragma once
// The colour bar beside a heatmap (or beside a grid of them): the colour map
// from vmax (top) to vmin (bottom), round-number ticks, a label written
// bottom to top, and a "masked" swatch under it when some cells are masked.
#include <string>

#include "mha/views/png/colormap.hpp"
#include "mha/views/png/font.hpp"
#include "mha/views/png/image.hpp"

namespace mha::png {

struct ColorBarSpec {
  ColorScale scale;
  std::string label;           // e.g. "attention weight"; empty: none
  int height = 160;            // of the bar itself, in pixels
  bool masked_legend = false;  // the "masked" swatch under the bar
  // Some values lie beyond the range and are drawn in the end colour: a
  // triangle in that colour above (below) the bar says so, as matplotlib's
  // colorbar(extend=...) does.
  bool beyond_high = false, beyond_low = false;
};

inline constexpr int kColorBarWidth = 18;  // the coloured strip

// Pixels the bar takes to the right of its left edge (strip, ticks, tick
// labels, label, legend), above its top and below its bottom (half a tick
// label; the legend).
int colorbar_width(const ColorBarSpec& bar, const Font* font);
int colorbar_above(const ColorBarSpec& bar, const Font* font);
int colorbar_below(const ColorBarSpec& bar, const Font* font);

// Draws it with the strip's top-left corner at (x, y).
void draw_colorbar(Image& image, int x, int y, const ColorBarSpec& bar, const Font* font);

// One pixel of a masked area: the style's base with diagonal hatching, or
// plain base when cells are too small (under 6 px) to show the hatching.
Rgb masked_colour(const MaskStyle& style, int x, int y, double cell_px);

}  // namespace mha::png
