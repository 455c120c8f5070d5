#pragma once
// A font at one pixel size, or no font at all (then text has no size and
// draws nothing): what the picture layouts use to place their text.
#include <string>
#include <string_view>

#include "mha/views/png/font.hpp"
#include "mha/views/png/image.hpp"

namespace mha::png {

// Shared by every picture: the colour of text, of frames and tick marks, and
// the white border around the content, in pixels.
inline constexpr Rgb kInk{34, 34, 34};
inline constexpr Rgb kFrame{120, 120, 120};  // outlines and tick marks
inline constexpr int kMargin = 20;

class TextStyle {
 public:
  TextStyle(const Font* font_, int px_) : font(font_), px(px_) {
    if (font) metrics = font->metrics(px);
  }

  int line_height() const { return metrics.line_height; }
  int width(std::string_view s) const { return font ? font->text_width(s, px) : 0; }
  std::string fit(std::string_view s, int max_width) const {
    return font ? font->fit(s, px, max_width) : std::string();
  }

  // The top of the line box for text that should look vertically centred on
  // pixel row cy (centres the height of digits, which also suits CJK).
  int top_for_center(int cy) const { return cy + metrics.digit_height / 2 - metrics.ascent; }

  void draw(Image& image, std::string_view s, int x, int top, Rgb colour) const {
    if (font && !s.empty()) font->draw(image, s, x, top, px, colour);
  }

  // Text turned a quarter counter-clockwise (reads bottom to top), looking
  // centred on pixel column cx, its first character ending at row `bottom`.
  void draw_up(Image& image, std::string_view s, int cx, int bottom, Rgb colour) const {
    if (!font || s.empty()) return;
    const Mask mask = font->render(s, px);
    const int left = cx - metrics.ascent + metrics.digit_height / 2;
    blend_mask(image, mask, left, bottom - mask.width, colour, Rotation::ccw90);
  }

  const Font* font;
  int px;
  Font::Metrics metrics{};
};

}  // namespace mha::png
