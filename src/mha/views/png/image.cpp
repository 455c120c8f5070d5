#include "mha/views/png/image.hpp"

#include <algorithm>
#include <cstddef>

namespace mha::png {

namespace {

std::size_t offset_of(const Image& image, int x, int y) {
  return (static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + static_cast<std::size_t>(x)) * 3;
}

// (dst * (255 - a) + src * a) / 255, rounded: exact and the same everywhere.
unsigned char mix(unsigned char dst, unsigned char src, unsigned a) {
  const unsigned v = dst * (255u - a) + src * a + 128u;
  return static_cast<unsigned char>((v + (v >> 8)) >> 8);  // exact rounding of x / 255, x <= 255 * 255
}

void blend_at(Image& image, int x, int y, Rgb c, unsigned a) {
  if (a == 0 || x < 0 || y < 0 || x >= image.width || y >= image.height) return;
  unsigned char* p = image.rgb.data() + offset_of(image, x, y);
  if (a >= 255) {
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
    return;
  }
  p[0] = mix(p[0], c.r, a);
  p[1] = mix(p[1], c.g, a);
  p[2] = mix(p[2], c.b, a);
}

}  // namespace

Image make_image(int width, int height, Rgb background) {
  Image image;
  image.width = std::max(width, 0);
  image.height = std::max(height, 0);
  const std::size_t n = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
  image.rgb.resize(n * 3);
  if (background == Rgb{background.r, background.r, background.r}) {
    std::fill(image.rgb.begin(), image.rgb.end(), background.r);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      image.rgb[3 * i] = background.r, image.rgb[3 * i + 1] = background.g, image.rgb[3 * i + 2] = background.b;
    }
  }
  return image;
}

Rgb pixel(const Image& image, int x, int y) {
  const unsigned char* p = image.rgb.data() + offset_of(image, x, y);
  return {p[0], p[1], p[2]};
}

void set_pixel(Image& image, int x, int y, Rgb colour) { blend_at(image, x, y, colour, 255); }

void fill_rect(Image& image, int x, int y, int w, int h, Rgb colour) {
  const int x0 = std::max(x, 0), x1 = std::min(x + std::max(w, 0), image.width);
  const int y0 = std::max(y, 0), y1 = std::min(y + std::max(h, 0), image.height);
  if (x0 >= x1 || y0 >= y1) return;
  for (int yy = y0; yy < y1; ++yy) {
    unsigned char* p = image.rgb.data() + offset_of(image, x0, yy);
    for (int xx = x0; xx < x1; ++xx, p += 3) p[0] = colour.r, p[1] = colour.g, p[2] = colour.b;
  }
}

void hline(Image& image, int x0, int x1, int y, Rgb colour) { fill_rect(image, x0, y, x1 - x0, 1, colour); }

void vline(Image& image, int x, int y0, int y1, Rgb colour) { fill_rect(image, x, y0, 1, y1 - y0, colour); }

void stroke_rect(Image& image, int x, int y, int w, int h, Rgb colour) {
  if (w <= 0 || h <= 0) return;
  hline(image, x, x + w, y, colour);
  hline(image, x, x + w, y + h - 1, colour);
  vline(image, x, y, y + h, colour);
  vline(image, x + w - 1, y, y + h, colour);
}

void blit(Image& dst, const Image& src, int x, int y) {
  const int x0 = std::max(x, 0), x1 = std::min(x + src.width, dst.width);
  const int y0 = std::max(y, 0), y1 = std::min(y + src.height, dst.height);
  if (x0 >= x1 || y0 >= y1) return;
  const auto row_bytes = static_cast<std::ptrdiff_t>(x1 - x0) * 3;
  for (int yy = y0; yy < y1; ++yy) {
    const unsigned char* from = src.rgb.data() + offset_of(src, x0 - x, yy - y);
    std::copy(from, from + row_bytes, dst.rgb.data() + offset_of(dst, x0, yy));
  }
}

void blend_mask(Image& dst, const Mask& mask, int x, int y, Rgb colour, Rotation rotation) {
  if (mask.width <= 0 || mask.height <= 0 ||
      mask.alpha.size() < static_cast<std::size_t>(mask.width) * static_cast<std::size_t>(mask.height))
    return;
  for (int my = 0; my < mask.height; ++my) {
    const unsigned char* row = mask.alpha.data() + static_cast<std::size_t>(my) * static_cast<std::size_t>(mask.width);
    for (int mx = 0; mx < mask.width; ++mx) {
      if (row[mx] == 0) continue;
      if (rotation == Rotation::none)
        blend_at(dst, x + mx, y + my, colour, row[mx]);
      else  // (mx, my) -> column my, row counted up from the bottom
        blend_at(dst, x + my, y + mask.width - 1 - mx, colour, row[mx]);
    }
  }
}

}  // namespace mha::png
