#pragma once
// The colour maps of the heatmaps. Sequential maps for attention weights
// (viridis by default: dark purple -> blue -> green -> yellow, perceptually
// uniform, readable in grey-scale print and by colour-blind readers; magma,
// inferno, plasma, cividis, gray as in matplotlib), and one diverging map for
// raw scores, which can be negative: blue (negative) - white (0) - red
// (positive), ColorBrewer's RdBu read from its blue end (matplotlib's RdBu_r).
//
// Lookup works like matplotlib's: t in [0, 1] picks entry floor(t * N),
// clamped to 0..N-1. The sequential maps have N = 256 entries; the diverging
// one has N = 257, so that t = 0.5 (a score of 0 on a range symmetric about
// 0) lands on its middle entry, the neutral colour, exactly.
#include <string_view>

#include "mha/core/enum_names.hpp"
#include "mha/views/png/image.hpp"

namespace mha::png {

enum class Colormap { viridis, magma, inferno, plasma, cividis, gray, rdbu_r };
inline constexpr auto kColormapNames = enum_names<Colormap>(
    "colour map",
    {{Colormap::viridis, "viridis"}, {Colormap::magma, "magma"}, {Colormap::inferno, "inferno"},
     {Colormap::plasma, "plasma"}, {Colormap::cividis, "cividis"}, {Colormap::gray, "gray"},
     {Colormap::rdbu_r, "RdBu_r"}},
    6);  // the sequential maps; the diverging one is for scores only

std::string_view to_string(Colormap map);  // "viridis", ..., "gray", "RdBu_r"
// A sequential map by its matplotlib name (what --colormap accepts); throws
// mha::InputError naming the allowed ones.
Colormap colormap_from_string(std::string_view name);
bool is_diverging(Colormap map);

int colormap_size(Colormap map);                // 256, or 257 for the diverging map
Rgb colormap_entry(Colormap map, int index);     // index clamped to 0..size-1
int colormap_index(Colormap map, float t);       // t clamped to [0, 1]; NaN -> 0
Rgb colormap_colour(Colormap map, float t);      // colormap_entry(map, colormap_index(map, t))

// The published control points of the diverging map: ColorBrewer 2.0's
// 11-class RdBu (Cynthia A. Brewer, Pennsylvania State University), from its
// blue end (#053061) through #f7f7f7 to its red end (#67001f). Entry i of the
// 257 lies at i / 256 of the way, linearly interpolated between the two
// control points around it (as matplotlib's LinearSegmentedColormap does).
inline constexpr Rgb kRdBuControl[11] = {
    {0x05, 0x30, 0x61}, {0x21, 0x66, 0xac}, {0x43, 0x93, 0xc3}, {0x92, 0xc5, 0xde}, {0xd1, 0xe5, 0xf0}, {0xf7, 0xf7, 0xf7},
    {0xfd, 0xdb, 0xc7}, {0xf4, 0xa5, 0x82}, {0xd6, 0x60, 0x4d}, {0xb2, 0x18, 0x2b}, {0x67, 0x00, 0x1f}};

// Masked (-inf) and NaN cells: a light base with darker diagonal hatching,
// in colours the map itself does not use (dark grey on the diverging map,
// whose 0 is near white; light brown on gray).
struct MaskStyle {
  Rgb base, hatch;
};
MaskStyle mask_style(Colormap map);

// viridis, kept under its own names.
Rgb viridis_entry(int index);  // index clamped to 0..255
int viridis_index(float t);    // t clamped to [0, 1]; NaN -> 0
Rgb viridis(float t);          // viridis_entry(viridis_index(t))

// Values vmin..vmax spread over the colour map (values outside are clamped).
struct ColorScale {
  float vmin = 0.0f, vmax = 1.0f;
  Colormap map = Colormap::viridis;
  float position(float value) const;  // (value - vmin) / (vmax - vmin); 0.5 if the range is empty
  Rgb colour(float value) const;
};

// WCAG relative luminance, 0 (black) .. 1 (white).
double relative_luminance(Rgb c);
// WCAG contrast ratio of two colours, 1 .. 21.
double contrast_ratio(Rgb a, Rgb b);
// Black on light backgrounds, white on dark ones: whichever contrasts more.
Rgb text_colour_on(Rgb background);

}  // namespace mha::png
