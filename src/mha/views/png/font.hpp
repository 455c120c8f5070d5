#pragma once
// TrueType text for the pictures, through stb_truetype: finding a font on the
// system, loading it, measuring and drawing UTF-8 text with antialiasing.
//
// Text is laid out on one line, glyph after glyph (no kerning, no shaping:
// enough for tokens, numbers and titles). A character the font lacks is drawn
// as a small hollow box ("tofu"); bytes that are not valid UTF-8 are drawn as
// '?'. Glyph bitmaps are cached per (character, pixel size) inside the Font,
// guarded by a mutex, so one Font may be shared between threads.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mha/views/png/image.hpp"

namespace mha::png {

class Font {
 public:
  // Reads the whole file. Throws mha::IoError if it cannot be read and
  // mha::FormatError (naming the path and what was expected) if it is not a
  // TrueType font (.ttf, or .ttc whose first font is used).
  static Font load(const std::string& path);
  // The same from bytes already in memory; `name` is used in error messages.
  static Font from_bytes(std::vector<unsigned char> bytes, const std::string& name);

  Font(Font&&) noexcept;
  Font& operator=(Font&&) noexcept;
  Font(const Font&) = delete;
  Font& operator=(const Font&) = delete;
  ~Font();

  const std::string& path() const;
  bool has_glyph(char32_t cp) const;

  // Vertical metrics at a pixel size (the size is clamped to 4..256): the
  // line box is `ascent` pixels above the baseline and `descent` below it.
  struct Metrics {
    int ascent = 0, descent = 0, line_height = 0;
    int digit_height = 0;  // height of the digit '0' above the baseline: for centring text
  };
  Metrics metrics(int px) const;

  // Advance width in pixels of the text on one line.
  int text_width(std::string_view utf8, int px) const;
  // The text itself if it is at most max_width pixels wide, else its longest
  // prefix that fits followed by "…" (or "" if not even that fits).
  std::string fit(std::string_view utf8, int px, int max_width) const;

  // The text's coverage: line_height rows, baseline at row `ascent`, at least
  // text_width columns (more if the last glyph overhangs its advance).
  Mask render(std::string_view utf8, int px) const;

  // Draws the text in `colour` with the top-left corner of its line box at
  // (x, y); with ccw90 the text reads bottom to top, starting at the bottom of
  // the box whose top-left corner is (x, y). Returns text_width.
  int draw(Image& image, std::string_view utf8, int x, int y, int px, Rgb colour,
           Rotation rotation = Rotation::none) const;

 private:
  struct Impl;
  explicit Font(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The well-known places of CJK-capable TrueType fonts on Debian, best first
// (WenQuanYi Micro Hei / Zen Hei, Noto Sans CJK, Droid Sans Fallback, AR PL
// UMing), then fonts without CJK as a last resort (DejaVu Sans, ...).
const std::vector<std::string>& system_font_candidates();

// The first candidate that exists and starts like a font we can load (Noto
// Sans CJK as Debian ships it has CFF outlines and is skipped). No
// fontconfig, no subprocess: a few stat() and one small read per candidate.
std::optional<std::string> find_system_font();

}  // namespace mha::png
