// Several pictures in one: panel_grid, side_by_side, heatmap_grid and
// layers_heads_grid of heatmap.hpp.
#include <algorithm>
#include <cmath>
#include <map>

#include "mha/core/error.hpp"
#include "mha/views/png/colorbar.hpp"
#include "mha/views/png/heatmap.hpp"
#include "mha/views/png/text.hpp"

namespace mha::png {

namespace {

constexpr int kMaxRowWidth = 2400;
constexpr int kGap = 24;

// Columns for n panels of width w: at least ceil(sqrt(n)) (a grid no taller
// than wide), rows at most kMaxRowWidth wide, and among those the fewest
// empty slots, then the fewest columns: 12 -> 4 x 3, 8 -> 4 x 2, 3 -> 3 x 1.
int balanced_columns(int n, int w) {
  const int fit = std::max(1, (kMaxRowWidth + kGap) / (std::max(w, 1) + kGap));
  int square = 1;
  while (square * square < n) ++square;
  if (square >= fit) return std::min(fit, std::max(n, 1));
  int best = square, best_waste = n;
  for (int c = square; c <= std::min(n, fit); ++c) {
    const int waste = c * ((n + c - 1) / c) - n;
    if (waste < best_waste) best = c, best_waste = waste;
  }
  return best;
}

std::string panel_title(const GridPanel& p, bool layers) {
  std::string t;
  if (layers) {
    t += "Layer ";
    t += std::to_string(p.layer);
    t += " · ";
  }
  t += "Head ";
  t += std::to_string(p.head);
  if (p.kv_head >= 0) {
    t += " · kv ";
    t += std::to_string(p.kv_head);
  }
  return t;
}

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


Image heatmap_grid(const std::vector<GridPanel>& panels, const std::string& title, const Font* font) {
  if (panels.empty()) throw InputError("heatmap grid: no panels given");
  std::map<int, int> layer_row;  // layer -> row, in order
  int max_head = 0;
  for (const auto& p : panels) layer_row[p.layer] = 0, max_head = std::max(max_head, p.head);
  int next = 0;
  for (auto& [layer, row] : layer_row) row = next++;
  const bool layers = layer_row.size() > 1;

  // The first panel fixes the colour range and map of all.
  std::vector<Image> images;
  std::vector<HeatmapGeometry> geometry(panels.size());
  HeatmapSpec first = panels.front().spec;
  first.colorbar = false;
  first.title = panel_title(panels.front(), layers);
  images.push_back(render_heatmap(first, font, &geometry[0]));
  const ColorScale scale{geometry[0].vmin, geometry[0].vmax, first.colormap};
  bool any_masked = geometry[0].any_masked, high = geometry[0].beyond_high, low = geometry[0].beyond_low;
  for (std::size_t i = 1; i < panels.size(); ++i) {
    HeatmapSpec spec = panels[i].spec;
    spec.colorbar = false;
    spec.title = panel_title(panels[i], layers);
    spec.vmin = scale.vmin, spec.vmax = scale.vmax, spec.colormap = scale.map;
    images.push_back(render_heatmap(spec, font, &geometry[i]));
    any_masked = any_masked || geometry[i].any_masked;
    high = high || geometry[i].beyond_high, low = low || geometry[i].beyond_low;
  }

  // Slots: one row per layer and one column per head, or a balanced grid.
  int columns = 0;
  std::vector<Image> slots;
  if (layers) {
    columns = max_head + 1;
    slots.assign(layer_row.size() * static_cast<std::size_t>(columns), make_image(1, 1));
    for (std::size_t i = 0; i < panels.size(); ++i)
      slots[static_cast<std::size_t>(layer_row[panels[i].layer] * columns + std::max(panels[i].head, 0))] =
          std::move(images[i]);
  } else {
    columns = balanced_columns(static_cast<int>(images.size()), images.front().width);
    slots = std::move(images);
  }
  const Image body = panel_grid(slots, columns, "", font, kGap);

  // Title, the panels, one colour bar right of them from the first panel's grid top.
  const TextStyle heading(font, 22);
  const bool has_title = font && !title.empty();
  const int title_h = has_title ? kMargin + heading.line_height() + 4 : 0;
  ColorBarSpec bar{scale, panels.front().spec.colorbar_label, 0, any_masked, high, low};
  const int bar_x = body.width + kGap, bar_y = title_h + geometry[0].grid_y;
  bar.height = std::max(160, body.height - geometry[0].grid_y - kMargin);
  int width = bar_x + colorbar_width(bar, font) + kMargin;
  if (has_title) width = std::max(width, std::min(heading.width(title) + 2 * kMargin, 2 * width));
  const int left = (width - (bar_x + colorbar_width(bar, font) + kMargin)) / 2;
  const int height = std::max(title_h + body.height, bar_y + bar.height + colorbar_below(bar, font) + kMargin);
  Image img = make_image(width, height);
  if (has_title) {
    const std::string text = heading.fit(title, width - 2 * kMargin);
    heading.draw(img, text, (width - heading.width(text)) / 2, kMargin, kInk);
  }
  blit(img, body, left, title_h);
  draw_colorbar(img, left + bar_x, bar_y, bar, font);
  return img;
}

Image layers_heads_grid(const std::vector<GridPanel>& panels, const std::string& title, const std::string& subtitle,
                        const Font* font, LayerHeadGridGeometry* geometry) {
  if (panels.empty()) throw InputError("layers x heads grid: no panels given");
  LayerHeadGridGeometry g;
  for (const auto& p : panels) g.layers.push_back(p.layer), g.heads.push_back(p.head);
  for (auto* v : {&g.layers, &g.heads}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  const auto index_in = [](const std::vector<int>& v, int x) {
    return static_cast<int>(std::lower_bound(v.begin(), v.end(), x) - v.begin());
  };
  const int rows = static_cast<int>(g.layers.size()), columns = static_cast<int>(g.heads.size());

  // One size for every panel, from the first one's matrix.
  const Matrix& first = *panels.front().spec.values;
  if (first.rows() == 0 || first.cols() == 0) throw InputError("layers x heads grid: an empty matrix");
  const int longest = static_cast<int>(std::min<Index>(std::max(first.rows(), first.cols()), kThumbnailPx));
  const int cell = std::max(1, kThumbnailPx / longest);
  g.panel_w = static_cast<int>(std::min<Index>(first.cols() * cell, kThumbnailPx));
  g.panel_h = static_cast<int>(std::min<Index>(first.rows() * cell, kThumbnailPx));
  const ColorScale scale = heatmap_scale(panels.front().spec);
  bool any_masked = false, high = false, low = false;
  for (const auto& p : panels) {
    const Matrix& m = *p.spec.values;
    for (Index i = 0; i < m.size(); ++i) {
      const float v = m.data()[i];
      const bool finite = std::isfinite(v);
      any_masked = any_masked || !finite;
      high = high || (finite && v > scale.vmax), low = low || (finite && v < scale.vmin);
    }
  }

  // Layout: title, subtitle, head labels, the panels with layer labels left
  // of them, the colour bar right of them.
  const TextStyle heading(font, 22), sub(font, 15), label(font, 14);
  const bool has_title = font && !title.empty(), has_sub = font && !subtitle.empty();
  const auto layer_text = [](int l) { return "layer " + std::to_string(l); };
  // "head H", or "head H · kv J" when the panels of head H name the key/value head it reads.
  const auto head_text = [&panels](int h) {
    std::string t = "head " + std::to_string(h);
    for (const GridPanel& p : panels)
      if (p.head == h && p.kv_head >= 0) return t + " · kv " + std::to_string(p.kv_head);
    return t;
  };
  int label_w = 0, head_w = 0;
  for (int l : g.layers) label_w = std::max(label_w, label.width(layer_text(l)));
  for (int h : g.heads) head_w = std::max(head_w, label.width(head_text(h)));
  const int slot_w = std::max(g.panel_w, head_w);
  int y0 = kMargin;
  const int title_y = y0;
  if (has_title) y0 += heading.line_height() + 4;
  const int sub_y = y0;
  if (has_sub) y0 += sub.line_height() + 8;
  if (font) y0 += label.line_height() + 4;
  const int x0 = kMargin + (font ? label_w + 8 : 0);
  const int body_w = columns * slot_w + (columns - 1) * kThumbnailGap;
  const int body_h = rows * g.panel_h + (rows - 1) * kThumbnailGap;
  ColorBarSpec bar{scale, panels.front().spec.colorbar_label, std::clamp(body_h, 160, 480), any_masked, high, low};
  // The panels and the bar start on one line, low enough for what the bar
  // draws above its top (half a tick label, the "beyond" triangle).
  y0 = std::max(y0, kMargin + colorbar_above(bar, font) + (has_title ? heading.line_height() + 4 : 0));
  const int head_label_y = y0 - (font ? label.line_height() + 4 : 0);
  g.bar_y = y0;
  g.bar_x = x0 + body_w + kGap, g.bar_h = bar.height;
  const int content_w = g.bar_x + colorbar_width(bar, font) + kMargin;
  int width = content_w;
  if (has_title) width = std::max(width, std::min(heading.width(title) + 2 * kMargin, 2 * width));
  if (has_sub) width = std::max(width, std::min(sub.width(subtitle) + 2 * kMargin, 2 * width));
  const int shift = (width - content_w) / 2;
  g.bar_x += shift;
  const int height = std::max(y0 + body_h, g.bar_y + g.bar_h + colorbar_below(bar, font)) + kMargin;
  Image img = make_image(width, height);

  for (int c = 0; c < columns; ++c)
    g.column_x.push_back(shift + x0 + c * (slot_w + kThumbnailGap) + (slot_w - g.panel_w) / 2);
  for (int r = 0; r < rows; ++r) g.row_y.push_back(y0 + r * (g.panel_h + kThumbnailGap));
  for (const auto& p : panels) {
    const int x = g.column_x[static_cast<std::size_t>(index_in(g.heads, p.head))];
    const int y = g.row_y[static_cast<std::size_t>(index_in(g.layers, p.layer))];
    paint_cells(img, x, y, g.panel_w, g.panel_h, *p.spec.values, scale);
    stroke_rect(img, x - 1, y - 1, g.panel_w + 2, g.panel_h + 2, kFrame);
  }
  for (int c = 0; c < columns; ++c) {
    const std::string text = head_text(g.heads[static_cast<std::size_t>(c)]);
    label.draw(img, text, g.column_x[static_cast<std::size_t>(c)] + (g.panel_w - label.width(text)) / 2,
               head_label_y, kInk);
  }
  for (int r = 0; r < rows; ++r) {
    const std::string text = layer_text(g.layers[static_cast<std::size_t>(r)]);
    label.draw(img, text, shift + x0 - 8 - label.width(text),
               label.top_for_center(g.row_y[static_cast<std::size_t>(r)] + g.panel_h / 2), kInk);
  }
  if (has_title) {
    const std::string text = heading.fit(title, width - 2 * kMargin);
    heading.draw(img, text, (width - heading.width(text)) / 2, title_y, kInk);
  }
  if (has_sub) {
    const std::string text = sub.fit(subtitle, width - 2 * kMargin);
    sub.draw(img, text, (width - sub.width(text)) / 2, sub_y, kInk);
  }
  draw_colorbar(img, g.bar_x, g.bar_y, bar, font);
  if (geometry) *geometry = std::move(g);
  return img;
}

}  // namespace mha::png
