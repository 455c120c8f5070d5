#include "mha/views/png/heatmap.hpp"

#include <algorithm>
#include <cmath>

#include "mha/core/error.hpp"
#include "mha/views/png/colorbar.hpp"
#include "mha/views/png/colormap.hpp"
#include "mha/views/png/text.hpp"
#include "mha/views/png/ticks.hpp"
#include "mha/text/utf8.hpp"

namespace mha::png {

namespace {

constexpr int kTickLength = 5;
constexpr int kAutoGridMax = 1800, kExplicitGridMax = 4000;  // pixels a side

bool masked(float v) { return !std::isfinite(v); }

// Label every step-th token, step in 1, 2, 5, 10, 20, 50, ...
int label_step(double cell_px, int line_height) {
  if (cell_px >= line_height) return 1;
  const double need = line_height / std::max(cell_px, 0.01);
  for (int scale = 1;; scale *= 10)
    for (int m : {1, 2, 5})
      if (m * scale >= need || scale > 100000) return m * scale;
}

// The label of cell `cell`, which starts at token cell * block: the token;
// when only every step-th cell is labelled, or cells are pooled blocks,
// prefixed with the token's position so that the reader can count.
std::string label_of(const std::vector<std::string>& labels, int cell, int step, int block) {
  const long long t = static_cast<long long>(cell) * block;
  std::string position = std::to_string(t);
  if (t >= static_cast<long long>(labels.size())) return position;
  std::string token = token_label(labels[static_cast<std::size_t>(t)]);
  if (step == 1 && block == 1) return token;
  position += ' ';
  position += token;
  return position;
}

}  // namespace

ColorScale heatmap_scale(const HeatmapSpec& spec) {
  const Matrix& m = *spec.values;
  double lo = 0.0, hi = 0.0;
  bool any = false;
  for (Index i = 0; i < m.size(); ++i) {
    const float v = m.data()[i];
    if (masked(v)) continue;
    lo = any ? std::min(lo, double{v}) : double{v};
    hi = any ? std::max(hi, double{v}) : double{v};
    any = true;
  }
  if (!any) lo = 0.0, hi = 1.0;
  if (is_diverging(spec.colormap)) hi = std::max(std::fabs(lo), std::fabs(hi)), lo = -hi;
  if (spec.vmin && std::isfinite(*spec.vmin)) lo = double{*spec.vmin};
  if (spec.vmax && std::isfinite(*spec.vmax)) hi = double{*spec.vmax};
  if (lo > hi) std::swap(lo, hi);
  if (!(hi > lo)) lo -= 0.5, hi += 0.5;
  return {static_cast<float>(lo), static_cast<float>(hi), spec.colormap};
}

int HeatmapGeometry::cell_left(int col) const {
  return grid_x + static_cast<int>((static_cast<long long>(col) * grid_w + cols - 1) / std::max(cols, 1));
}
int HeatmapGeometry::cell_top(int row) const {
  return grid_y + static_cast<int>((static_cast<long long>(row) * grid_h + rows - 1) / std::max(rows, 1));
}
int HeatmapGeometry::cell_center_x(int col) const { return (cell_left(col) + cell_left(col + 1)) / 2; }
int HeatmapGeometry::cell_center_y(int row) const { return (cell_top(row) + cell_top(row + 1)) / 2; }

std::string token_label(std::string_view token, int max_columns) {
  std::string valid;
  for (char32_t cp : utf8::decode_lenient(token)) valid += utf8::encode(cp);
  return utf8::fit(valid, std::max(max_columns, 1));
}

int auto_cell_size(Index rows, Index cols) {
  const Index n = std::max<Index>({rows, cols, 1});
  return static_cast<int>(std::clamp<Index>(720 / n, 1, 64));
}

void paint_cells(Image& img, int x, int y, int w, int h, const Matrix& m, const ColorScale& scale) {
  const int rows = static_cast<int>(m.rows()), cols = static_cast<int>(m.cols());
  if (rows == 0 || cols == 0 || w <= 0 || h <= 0) return;
  const double cell_px = std::min(double(w) / cols, double(h) / rows);
  const MaskStyle mask = mask_style(scale.map);
  std::vector<Rgb> colours(static_cast<std::size_t>(m.size()));
  for (Index i = 0; i < m.size(); ++i) colours[static_cast<std::size_t>(i)] = scale.colour(m.data()[i]);
  // Only the pixels inside the image; the cell of a pixel depends on its
  // place in the block alone, so clipping changes no colour.
  const int px0 = std::max(0, -x), px1 = std::min(w, img.width - x);
  const int py0 = std::max(0, -y), py1 = std::min(h, img.height - y);
  std::vector<int> col_of(static_cast<std::size_t>(w));
  for (int px = 0; px < w; ++px)
    col_of[static_cast<std::size_t>(px)] = static_cast<int>(static_cast<long long>(px) * cols / w);
  for (int py = py0; py < py1; ++py) {
    const int r = static_cast<int>(static_cast<long long>(py) * rows / h);
    unsigned char* out = img.rgb.data() + (static_cast<std::size_t>(y + py) * img.width + x + px0) * 3;
    for (int px = px0; px < px1; ++px, out += 3) {
      const auto k = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) +
                     static_cast<std::size_t>(col_of[static_cast<std::size_t>(px)]);
      Rgb c = colours[k];
      if (masked(m.data()[k])) c = masked_colour(mask, px, py, cell_px);
      out[0] = c.r, out[1] = c.g, out[2] = c.b;
    }
  }
}

Image render_heatmap(const HeatmapSpec& spec, const Font* font, HeatmapGeometry* geometry_out) {
  if (!spec.values) throw InputError("heatmap: no values given");
  const Matrix& m = *spec.values;
  if (m.rows() == 0 || m.cols() == 0 || m.rows() > 100000 || m.cols() > 100000)
    throw InputError("heatmap: cannot draw a " + std::to_string(m.rows()) + " x " + std::to_string(m.cols()) +
                     " matrix; expected 1 to 100000 rows and columns");
  HeatmapGeometry g;
  g.rows = static_cast<int>(m.rows()), g.cols = static_cast<int>(m.cols());
  const int grid_max = spec.cell > 0 ? kExplicitGridMax : kAutoGridMax;
  const int longest = std::max(g.rows, g.cols);
  const int cell =
      spec.cell > 0 ? std::clamp(std::min(spec.cell, grid_max / longest), 1, 256) : auto_cell_size(m.rows(), m.cols());
  g.grid_w = static_cast<int>(std::min<long long>(static_cast<long long>(g.cols) * cell, grid_max));
  g.grid_h = static_cast<int>(std::min<long long>(static_cast<long long>(g.rows) * cell, grid_max));
  const double cell_px = std::min(double(g.grid_w) / g.cols, double(g.grid_h) / g.rows);
  const ColorScale scale = heatmap_scale(spec);
  g.vmin = scale.vmin, g.vmax = scale.vmax;

  // Text sizes follow the cell size.
  const TextStyle title(font, 20), axis(font, 15);
  const TextStyle label(font, cell_px >= 40 ? 18 : cell_px >= 24 ? 15 : 12);
  const int max_label = std::min(150, 8 * label.px);
  g.label_step = font ? label_step(cell_px, label.line_height()) : 1;

  std::vector<std::string> row_text, col_text;  // fitted labels of the labelled tokens
  int row_label_w = 0, col_label_w = 0;
  for (int i = 0; font && i < g.rows; i += g.label_step) {
    row_text.push_back(label.fit(label_of(spec.row_labels, i, g.label_step, spec.block_rows), max_label));
    row_label_w = std::max(row_label_w, label.width(row_text.back()));
  }
  for (int j = 0; font && j < g.cols; j += g.label_step) {
    col_text.push_back(label.fit(label_of(spec.col_labels, j, g.label_step, spec.block_cols), max_label));
    col_label_w = std::max(col_label_w, label.width(col_text.back()));
  }
  g.columns_rotated = font && (g.label_step > 1 || col_label_w > cell_px - 4);

  // Numbers in the cells of small matrices, if they fit.
  TextStyle value(nullptr, 0);
  if (font && g.rows <= 12 && g.cols <= 12) {
    for (int px : {16, 14, 12, 11}) {
      TextStyle candidate(font, px);
      if (candidate.line_height() > cell_px - 4) continue;
      int widest = 0;
      for (Index i = 0; i < m.size(); ++i)
        if (!masked(m.data()[i])) widest = std::max(widest, candidate.width(two_decimals(m.data()[i])));
      if (widest <= cell_px - 6) {
        value = candidate;
        break;
      }
    }
  }
  g.values_written = value.font != nullptr;

  for (Index i = 0; i < m.size(); ++i) {
    const float v = m.data()[i];
    g.any_masked = g.any_masked || masked(v);
    g.beyond_high = g.beyond_high || (!masked(v) && v > g.vmax);
    g.beyond_low = g.beyond_low || (!masked(v) && v < g.vmin);
  }
  ColorBarSpec bar{scale, spec.colorbar_label, 0, g.any_masked, g.beyond_high, g.beyond_low};

  // Layout, left to right and top to bottom.
  const int pad = font ? 8 : 0;
  const bool has_title = font && !spec.title.empty();
  const bool has_col_axis = font && !spec.col_axis.empty(), has_row_axis = font && !spec.row_axis.empty();
  int x = kMargin;
  const int row_axis_x = x;
  if (has_row_axis) x += axis.line_height() + pad;
  x += row_label_w + pad + (g.label_step > 1 ? kTickLength : 0);
  g.grid_x = x;
  x += g.grid_w;
  if (spec.colorbar) {
    x += 24;
    g.bar_x = x, g.bar_w = kColorBarWidth;
    x += colorbar_width(bar, font);
  }
  const int content_right = x;

  int y = kMargin;
  const int title_y = y;
  if (has_title) y += title.line_height() + 12;
  const int col_axis_y = y;
  if (has_col_axis) y += axis.line_height() + 6;
  if (font) y += (g.columns_rotated ? col_label_w : label.line_height()) + pad;
  y += g.label_step > 1 ? kTickLength : 0;
  if (font && spec.colorbar)
    y = std::max(y, kMargin + colorbar_above(bar, font) + (has_title ? title.line_height() + 12 : 0));
  g.grid_y = g.bar_y = y;
  int bottom = g.grid_y + g.grid_h;
  if (spec.colorbar) {
    bar.height = g.bar_h = std::max(g.grid_h, 160);
    bottom = std::max(bottom, g.bar_y + g.bar_h + colorbar_below(bar, font));
  }

  int width = content_right + kMargin;
  if (has_title) width = std::max(width, std::min(title.width(spec.title) + 2 * kMargin, 2 * width));
  const int shift = (width - content_right - kMargin) / 2;  // centre the content under a wide title
  g.grid_x += shift, g.bar_x += shift;
  Image img = make_image(width, bottom + kMargin);

  paint_cells(img, g.grid_x, g.grid_y, g.grid_w, g.grid_h, m, scale);
  if (cell_px >= 20) {  // thin white gaps between cells
    for (int c = 1; c < g.cols; ++c) vline(img, g.cell_left(c), g.grid_y, g.grid_y + g.grid_h, kWhite);
    for (int r = 1; r < g.rows; ++r) hline(img, g.grid_x, g.grid_x + g.grid_w, g.cell_top(r), kWhite);
  }
  if (g.values_written) {
    for (int r = 0; r < g.rows; ++r)
      for (int c = 0; c < g.cols; ++c) {
        const float v = m(r, c);
        if (masked(v)) continue;
        const std::string text = two_decimals(v);
        value.draw(img, text, g.cell_center_x(c) - value.width(text) / 2, value.top_for_center(g.cell_center_y(r)),
                   text_colour_on(scale.colour(v)));
      }
  }

  // Labels, ticks for sparse labels, axis titles, title.
  const int tick_extra = g.label_step > 1 ? kTickLength : 0;
  for (std::size_t n = 0; n < row_text.size(); ++n) {
    const int r = static_cast<int>(n) * g.label_step, cy = g.cell_center_y(r);
    if (tick_extra) hline(img, g.grid_x - kTickLength, g.grid_x, cy, kFrame);
    label.draw(img, row_text[n], g.grid_x - tick_extra - pad - label.width(row_text[n]), label.top_for_center(cy),
               kInk);
  }
  const int col_bottom = g.grid_y - tick_extra - pad;
  for (std::size_t n = 0; n < col_text.size(); ++n) {
    const int c = static_cast<int>(n) * g.label_step, cx = g.cell_center_x(c);
    if (tick_extra) vline(img, cx, g.grid_y - kTickLength, g.grid_y, kFrame);
    if (g.columns_rotated)
      label.draw_up(img, col_text[n], cx, col_bottom, kInk);
    else
      label.draw(img, col_text[n], cx - label.width(col_text[n]) / 2, col_bottom - label.line_height(), kInk);
  }
  if (has_row_axis) {
    const int span = bottom - g.grid_y;
    const std::string text = axis.fit(spec.row_axis, span);
    const int mid = std::clamp(g.grid_y + g.grid_h / 2, g.grid_y + axis.width(text) / 2, bottom - axis.width(text) / 2);
    axis.draw_up(img, text, row_axis_x + shift + axis.line_height() / 2, mid + axis.width(text) / 2, kInk);
  }
  if (has_col_axis) {
    const std::string text = axis.fit(spec.col_axis, width - 2 * kMargin);
    const int left = std::clamp(g.grid_x + g.grid_w / 2 - axis.width(text) / 2, kMargin,
                                std::max(kMargin, width - kMargin - axis.width(text)));
    axis.draw(img, text, left, col_axis_y, kInk);
  }
  if (has_title) {
    const std::string text = title.fit(spec.title, width - 2 * kMargin);
    title.draw(img, text, (width - title.width(text)) / 2, title_y, kInk);
  }

  stroke_rect(img, g.grid_x - 1, g.grid_y - 1, g.grid_w + 2, g.grid_h + 2, kFrame);
  if (spec.colorbar) draw_colorbar(img, g.bar_x, g.bar_y, bar, font);
  if (geometry_out) *geometry_out = g;
  return img;
}

}  // namespace mha::png
