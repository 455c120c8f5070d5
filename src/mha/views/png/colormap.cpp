#include "mha/views/png/colormap.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>

#include "mha/core/error.hpp"
#include "mha/views/png/colormap_tables.hpp"

namespace mha::png {

namespace {

Rgb unpack(std::uint32_t v) {
  return {static_cast<unsigned char>(v >> 16), static_cast<unsigned char>((v >> 8) & 0xFF),
          static_cast<unsigned char>(v & 0xFF)};
}

// Entry i of 257 of the diverging map: i / 256 of the way through the 11
// control points (10 segments), in integers so every machine rounds alike.
Rgb rdbu_entry(int i) {
  const int at = i * 10;                  // in 256ths of a segment
  const int k = std::min(at / 256, 9);    // segment k: control points k and k + 1
  const int f = at - k * 256;             // 0..256 of the way along it
  const Rgb a = kRdBuControl[k], b = kRdBuControl[k + 1];
  auto mix = [f](unsigned char x, unsigned char y) { return static_cast<unsigned char>((x * (256 - f) + y * f + 128) / 256); };
  return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
}

double linear(unsigned char c) {
  const double s = c / 255.0;
  return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
}

}  // namespace

std::string_view to_string(Colormap map) { return kColormapNames.name(map); }

Colormap colormap_from_string(std::string_view name) { return kColormapNames.parse(name); }

bool is_diverging(Colormap map) { return map == Colormap::rdbu_r; }

int colormap_size(Colormap map) { return is_diverging(map) ? 257 : 256; }

Rgb colormap_entry(Colormap map, int index) {
  const int i = std::clamp(index, 0, colormap_size(map) - 1);
  const auto at = static_cast<std::size_t>(i);
  switch (map) {
    case Colormap::viridis: return unpack(tables::kViridis[at]);
    case Colormap::magma: return unpack(tables::kMagma[at]);
    case Colormap::inferno: return unpack(tables::kInferno[at]);
    case Colormap::plasma: return unpack(tables::kPlasma[at]);
    case Colormap::cividis: return unpack(tables::kCividis[at]);
    case Colormap::gray: {
      const auto v = static_cast<unsigned char>(i);  // matplotlib's gray: black to white, linear
      return {v, v, v};
    }
    case Colormap::rdbu_r: return rdbu_entry(i);
  }
  return unpack(tables::kViridis[at]);
}

int colormap_index(Colormap map, float t) {
  const int n = colormap_size(map);
  if (!(t > 0.0f)) return 0;  // also NaN
  if (t >= 1.0f) return n - 1;
  return std::min(static_cast<int>(t * static_cast<float>(n)), n - 1);
}

Rgb colormap_colour(Colormap map, float t) { return colormap_entry(map, colormap_index(map, t)); }

MaskStyle mask_style(Colormap map) {
  if (map == Colormap::rdbu_r) return {{120, 120, 120}, {78, 78, 78}};
  if (map == Colormap::gray) return {{236, 220, 188}, {190, 150, 100}};
  return {{226, 226, 226}, {172, 172, 172}};
}

Rgb viridis_entry(int index) { return colormap_entry(Colormap::viridis, index); }
int viridis_index(float t) { return colormap_index(Colormap::viridis, t); }
Rgb viridis(float t) { return colormap_colour(Colormap::viridis, t); }

float ColorScale::position(float value) const {
  if (!(vmax > vmin)) return 0.5f;
  return (value - vmin) / (vmax - vmin);
}

Rgb ColorScale::colour(float value) const { return colormap_colour(map, position(value)); }

double relative_luminance(Rgb c) { return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b); }

double contrast_ratio(Rgb a, Rgb b) {
  const double la = relative_luminance(a), lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgb text_colour_on(Rgb background) {
  // Black or white, whichever contrasts more (WCAG contrast ratio); the two
  // are equal at a relative luminance of about 0.179.
  return relative_luminance(background) > 0.179 ? kBlack : kWhite;
}

}  // namespace mha::png
