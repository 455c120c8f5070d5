// Several pictures in one: panel_grid and side_by_side of heatmap.hpp.
#include <algorithm>

#include "mha/png/heatmap.hpp"
#include "mha/png/text.hpp"

namespace mha::png {

namespace {

constexpr int kMaxRowWidth = 2400;

}  // namespace

Image panel_grid(const std::vector<Image>& panels, int columns, const std::string& title, const Font* font, int gap) {
  const int n = static_cast<int>(panels.size());
  gap = std::max(gap, 0);
  columns = std::clamp(columns, 1, std::max(n, 1));
  const int rows = (n + columns - 1) / columns;
  std::vector<int> col_w(static_cast<std::size_t>(columns), 0), row_h(static_cast<std::size_t>(rows), 0);
  for (int i = 0; i < n; ++i) {
    auto& w = col_w[static_cast<std::size_t>(i % columns)];
    auto& h = row_h[static_cast<std::size_t>(i / columns)];
    w = std::max(w, panels[static_cast<std::size_t>(i)].width);
    h = std::max(h, panels[static_cast<std::size_t>(i)].height);
  }
  int content_w = 0, content_h = 0;
  for (int w : col_w) content_w += w;
  for (int h : row_h) content_h += h;
  content_w += gap * (columns - 1);
  content_h += gap * std::max(rows - 1, 0);

  const TextStyle heading(font, 22);
  const bool has_title = font && !title.empty();
  const int title_h = has_title ? kMargin + heading.line_height() + 4 : 0;
  int width = std::max(content_w, 1);
  if (has_title) width = std::max(width, std::min(heading.width(title) + 2 * kMargin, std::max(2 * width, 800)));
  Image img = make_image(width, std::max(title_h + content_h, 1));
  if (has_title) {
    const std::string text = heading.fit(title, width - 2 * kMargin);
    heading.draw(img, text, (width - heading.width(text)) / 2, kMargin, kInk);
  }
  const int left = (width - content_w) / 2;
  int y = title_h;
  for (int r = 0; r < rows; ++r) {
    int x = left;
    for (int c = 0; c < columns; ++c) {
      const int i = r * columns + c;
      if (i >= n) break;
      const Image& p = panels[static_cast<std::size_t>(i)];
      blit(img, p, x + (col_w[static_cast<std::size_t>(c)] - p.width) / 2, y);
      x += col_w[static_cast<std::size_t>(c)] + gap;
    }
    y += row_h[static_cast<std::size_t>(r)] + gap;
  }
  return img;
}

Image side_by_side(const std::vector<Image>& panels, const std::string& title, const Font* font, int gap) {
  const int n = static_cast<int>(panels.size());
  int widest = 1;
  for (const auto& p : panels) widest = std::max(widest, p.width);
  int columns = std::clamp((kMaxRowWidth + gap) / (widest + std::max(gap, 0)), 1, std::max(n, 1));
  const int rows = (n + columns - 1) / columns;
  if (rows > 1) columns = (n + rows - 1) / rows;  // balanced: 4 + 4 rather than 7 + 1
  return panel_grid(panels, columns, title, font, gap);
}

}  // namespace mha::png
