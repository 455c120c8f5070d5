#pragma once
// The colour map of the heatmaps: viridis (dark purple -> blue -> green ->
// yellow), perceptually uniform and readable in grey-scale print and by
// colour-blind readers. Lookup works like matplotlib's 256-entry viridis:
// t in [0, 1] picks entry floor(t * 256), clamped to 0..255.
#include "mha/png/image.hpp"

namespace mha::png {

Rgb viridis_entry(int index);  // index clamped to 0..255
int viridis_index(float t);    // t clamped to [0, 1]; NaN -> 0
Rgb viridis(float t);          // viridis_entry(viridis_index(t))

// Values vmin..vmax spread over the colour map (values outside are clamped).
struct ColorScale {
  float vmin = 0.0f, vmax = 1.0f;
  float position(float value) const;  // (value - vmin) / (vmax - vmin); 0.5 if the range is empty
  Rgb colour(float value) const;
};

// WCAG relative luminance, 0 (black) .. 1 (white).
double relative_luminance(Rgb c);
// Black on light backgrounds, white on dark ones.
Rgb text_colour_on(Rgb background);

}  // namespace mha::png
