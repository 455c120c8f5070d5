#include "mha/views/png/colorbar.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "mha/views/png/text.hpp"
#include "mha/views/png/ticks.hpp"

namespace mha::png {

namespace {

constexpr int kTickLength = 5, kPad = 8;
constexpr int kSwatchW = 22, kSwatchH = 12, kLegendGap = 16;
constexpr int kTriangle = 10, kTriangleGap = 2;  // beyond-the-range markers
const char* const kLegendText = "masked";

struct Styles {
  explicit Styles(const Font* f) : tick(f, 14), axis(f, 15), legend(f, 14) {}
  TextStyle tick, axis, legend;
};

std::vector<Tick> ticks_of(const ColorScale& s) { return nice_ticks(s.vmin, s.vmax, 6); }

int tick_label_width(const ColorBarSpec& bar, const TextStyle& tick) {
  int w = 0;
  for (const auto& t : ticks_of(bar.scale)) w = std::max(w, tick.width(t.text));
  return w;
}

// A triangle kTriangle rows high over the strip's width, its base row at
// `base` and its apex `direction` (-1 up, +1 down) rows further.
void triangle(Image& img, int x, int base, int direction, Rgb colour) {
  for (int j = 0; j < kTriangle; ++j) {
    const int half = (kColorBarWidth * (kTriangle - j) + kTriangle) / (2 * kTriangle);
    hline(img, x + kColorBarWidth / 2 - half, x + kColorBarWidth / 2 + half, base + direction * j, colour);
  }
}

}  // namespace

Rgb masked_colour(const MaskStyle& style, int x, int y, double cell_px) {
  return cell_px >= 6 && (x + y) % 8 < 2 ? style.hatch : style.base;
}

int colorbar_width(const ColorBarSpec& bar, const Font* font) {
  const Styles s(font);
  int w = kColorBarWidth + kTickLength + (font ? 4 + tick_label_width(bar, s.tick) : 0);
  if (font && !bar.label.empty()) w += kPad + s.axis.line_height();
  if (bar.masked_legend) w = std::max(w, kSwatchW + (font ? 6 + s.legend.width(kLegendText) : 0));
  return w;
}

int colorbar_above(const ColorBarSpec& bar, const Font* font) {
  const int half_tick = font ? Styles(font).tick.line_height() / 2 : 0;
  return std::max(half_tick, bar.beyond_high ? kTriangle + kTriangleGap : 0);
}

int colorbar_below(const ColorBarSpec& bar, const Font* font) {
  const Styles s(font);
  const int extra = bar.beyond_low ? kTriangle + kTriangleGap : 0;
  int below = std::max(font ? s.tick.line_height() / 2 : 0, extra);
  if (bar.masked_legend) below = std::max(below, extra + kLegendGap + std::max(kSwatchH, s.legend.line_height()));
  return below;
}

void draw_colorbar(Image& img, int x, int y, const ColorBarSpec& bar, const Font* font) {
  const Styles s(font);
  const int h = std::max(bar.height, 2);
  for (int yy = 0; yy < h; ++yy)  // row yy shows the value at (1 - yy / (h - 1)) of the range
    hline(img, x, x + kColorBarWidth, y + yy, colormap_colour(bar.scale.map, 1.0f - float(yy) / float(h - 1)));
  stroke_rect(img, x - 1, y - 1, kColorBarWidth + 2, h + 2, kFrame);
  if (bar.beyond_high) triangle(img, x, y - 1 - kTriangleGap, -1, colormap_colour(bar.scale.map, 1.0f));
  if (bar.beyond_low) triangle(img, x, y + h + kTriangleGap, +1, colormap_colour(bar.scale.map, 0.0f));
  const double lo = double{bar.scale.vmin}, hi = double{bar.scale.vmax};
  for (const auto& t : ticks_of(bar.scale)) {
    const double pos = (t.value - lo) / (hi - lo);
    const int ty = y + static_cast<int>(std::lround((1.0 - pos) * (h - 1)));
    hline(img, x + kColorBarWidth, x + kColorBarWidth + kTickLength, ty, kFrame);
    s.tick.draw(img, t.text, x + kColorBarWidth + kTickLength + 4, s.tick.top_for_center(ty), kInk);
  }
  if (font && !bar.label.empty()) {
    const int label_x = x + kColorBarWidth + kTickLength + 4 + tick_label_width(bar, s.tick) + kPad;
    const std::string text = s.axis.fit(bar.label, h);
    s.axis.draw_up(img, text, label_x + s.axis.line_height() / 2, y + (h + s.axis.width(text)) / 2, kInk);
  }
  if (bar.masked_legend) {
    const MaskStyle style = mask_style(bar.scale.map);
    const int ly0 = y + h + kLegendGap + (bar.beyond_low ? kTriangle + kTriangleGap : 0);
    for (int ly = ly0; ly < ly0 + kSwatchH; ++ly)
      for (int lx = x; lx < x + kSwatchW; ++lx) set_pixel(img, lx, ly, masked_colour(style, lx, ly, 8));
    stroke_rect(img, x, ly0, kSwatchW, kSwatchH, kFrame);
    s.legend.draw(img, kLegendText, x + kSwatchW + 6, s.legend.top_for_center(ly0 + kSwatchH / 2), kInk);
  }
}

}  // namespace mha::png
