#pragma once
// A plain RGB canvas and the few drawing operations the pictures need:
// filled rectangles, 1-pixel lines, copying one image into another,
// alpha-blending an 8-bit coverage mask (antialiased text) in one colour,
// and encoding to PNG bytes. Everything clips at the image border, so no
// coordinate can write outside the buffer. Integer arithmetic only: the same
// calls give the same bytes on every machine.
#include <string>
#include <vector>

namespace mha::png {

struct Rgb {
  unsigned char r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

inline constexpr Rgb kWhite{255, 255, 255};
inline constexpr Rgb kBlack{0, 0, 0};

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;  // 3 bytes per pixel, row-major, top row first
};

// A width x height image filled with `background`. Negative sizes count as 0.
Image make_image(int width, int height, Rgb background = kWhite);

// The colour at (x, y); (x, y) must be inside the image.
Rgb pixel(const Image& image, int x, int y);
// Sets one pixel; does nothing outside the image.
void set_pixel(Image& image, int x, int y, Rgb colour);

void fill_rect(Image& image, int x, int y, int w, int h, Rgb colour);
// 1-pixel outline of the rectangle [x, x+w) x [y, y+h).
void stroke_rect(Image& image, int x, int y, int w, int h, Rgb colour);
void hline(Image& image, int x0, int x1, int y, Rgb colour);  // pixels x0..x1-1
void vline(Image& image, int x, int y0, int y1, Rgb colour);  // pixels y0..y1-1

// Copies `src` with its top-left corner at (x, y) of `dst`.
void blit(Image& dst, const Image& src, int x, int y);

// Coverage of each pixel, 0 (nothing) .. 255 (fully covered): rendered text.
struct Mask {
  int width = 0, height = 0;
  std::vector<unsigned char> alpha;  // row-major, width * height
};

enum class Rotation {
  none,
  ccw90,  // a quarter turn counter-clockwise: text reads from bottom to top
};

// Blends `colour` over `dst` with the mask's coverage, the mask's top-left
// corner (after rotation) at (x, y). A ccw90 mask covers mask.height columns
// and mask.width rows.
void blend_mask(Image& dst, const Mask& mask, int x, int y, Rgb colour, Rotation rotation = Rotation::none);

// The bytes of a PNG file (8-bit RGB, no alpha) holding the image.
// Throws mha::InputError for an empty image or a buffer of the wrong size.
std::string encode_png(const Image& image);

}  // namespace mha::png
