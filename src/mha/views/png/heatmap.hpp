#pragma once
// Heatmaps of attention matrices, ready for slides: one coloured cell per
// (query, key) pair, tokens on both axes, axis titles, a title and a colour
// bar with ticks; and several heatmaps side by side in one picture.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mha/core/matrix.hpp"
#include "mha/views/png/colormap.hpp"
#include "mha/views/png/font.hpp"
#include "mha/views/png/image.hpp"

namespace mha::png {

struct HeatmapSpec {
  // [rows, cols]: row i is query token i, column j key token j. Entries that
  // are -inf (masked) or NaN are drawn as grey hatched cells and do not count
  // for the colour range; so is +inf.
  const Matrix* values = nullptr;
  std::vector<std::string> row_labels, col_labels;  // tokens; missing ones are numbered
  std::string title;                                // e.g. "Layer 0 · Head 1 · softmax weights A_1"
  std::string row_axis = "query (attending token)", col_axis = "key (attended token)";
  std::string colorbar_label = "attention weight";
  // Default: the range of the finite values; with a diverging colour map,
  // symmetric about 0: -max|x| .. +max|x|.
  std::optional<float> vmin, vmax;
  Colormap colormap = Colormap::viridis;
  // Pooled values (pool.hpp): each cell stands for block_rows x block_cols
  // tokens, and the labels (one per token) are those of each block's first
  // token, with its position in front.
  int block_rows = 1, block_cols = 1;
  bool colorbar = true;  // false: no colour bar (a panel of a grid with one shared bar)
  // Cell size in pixels; 0 = automatic: 64 up to 11 tokens, then about
  // 720 / tokens, the cells together at most 1800 px a side (beyond 1800
  // tokens a pixel shows every n-th cell). An explicit size is capped at 256
  // and so that the cells take at most 4000 px a side.
  int cell = 0;
};

// Where things ended up in a rendered heatmap (for tests and for callers
// that want to annotate the picture).
struct HeatmapGeometry {
  int rows = 0, cols = 0;
  int grid_x = 0, grid_y = 0, grid_w = 0, grid_h = 0;  // the cells, all of them
  int bar_x = 0, bar_y = 0, bar_w = 0, bar_h = 0;      // the colour bar (top = vmax)
  float vmin = 0.0f, vmax = 1.0f;                      // the colour range used
  int label_step = 1;                                  // every label_step-th token is labelled
  bool values_written = false;                         // the numbers are written in the cells
  bool columns_rotated = false;                        // column labels read bottom to top
  bool any_masked = false;                             // some cells are drawn as masked
  bool beyond_high = false, beyond_low = false;        // some values lie above vmax (below vmin)

  int cell_left(int col) const;  // first pixel column of cell column `col`
  int cell_top(int row) const;   // first pixel row of cell row `row`
  int cell_center_x(int col) const;
  int cell_center_y(int row) const;
};

// The colour range a heatmap of `spec` uses: spec.vmin / vmax where given,
// else the range of the finite values (symmetric about 0 on a diverging map);
// an empty range is widened by 0.5 each way.
ColorScale heatmap_scale(const HeatmapSpec& spec);

// The automatic cell size for a rows x cols matrix: 64 px up to 11 tokens,
// then about 720 px / tokens, at least 1 px.
int auto_cell_size(Index rows, Index cols);

// Token labels are cut to at most this many terminal columns (utf8::width: a
// CJK character counts 2), ending in "…": 8 CJK characters, 15 Latin letters.
inline constexpr int kMaxLabelColumns = 16;

// The label drawn for a token: bytes that are not UTF-8 become '?', and a
// token wider than max_columns is cut to its longest prefix that fits with
// "…" (utf8::fit).
std::string token_label(std::string_view token, int max_columns = kMaxLabelColumns);

// Renders one heatmap. font may be nullptr: then nothing is written (no
// title, labels, numbers or tick labels), the margins shrink, and the cells,
// the colour bar and its tick marks are still drawn. Throws mha::InputError
// if spec.values is null or empty.
Image render_heatmap(const HeatmapSpec& spec, const Font* font, HeatmapGeometry* geometry = nullptr);

// The cells of `values` as a w x h block of pixels, its top-left corner at
// (x, y), clipped at the image's border: pixel (px, py) of the block shows
// cell (py·rows / h, px·cols / w), coloured on `scale`; masked (-inf) and NaN
// cells are hatched as in every heatmap. What render_heatmap fills its grid with.
void paint_cells(Image& image, int x, int y, int w, int h, const Matrix& values, const ColorScale& scale);

// Panels in a grid of `columns` columns (row by row), `gap` pixels apart,
// under a title (if a font is given). Panels are centred in their slots.
Image panel_grid(const std::vector<Image>& panels, int columns, const std::string& title, const Font* font,
                 int gap = 24);

// Heatmaps of several heads (and layers) in one picture under one title,
// each panel titled "Head h" ("Layer l · Head h" when there are several
// layers), with one colour bar for all at the right. One layer: a balanced
// grid (12 heads: 4 x 3; 3 heads: one row), rows at most about 2400 px wide;
// several layers: one row per layer, one column per head. Every panel is drawn
// with the colour range and map of the first one (callers give them one
// range). Throws mha::InputError if there are no panels.
struct GridPanel {
  int layer = 0, head = 0;
  HeatmapSpec spec;  // its title and colour bar are replaced
  int kv_head = -1;  // grouped-query attention: the key/value head it reads, named "· kv J" after the head; −1: none
};
Image heatmap_grid(const std::vector<GridPanel>& panels, const std::string& title, const Font* font);

// A model's heads at a glance: one small panel per (layer, head), a row per
// layer and a column per head (both ascending, by the panels' indices),
// labelled "layer L" on the left and "head H" on top, with one colour bar at
// the right and no tick labels: each panel shows only its cells, in a frame,
// at most kThumbnailPx a side (cells of ⌊kThumbnailPx / cells⌋ px; callers
// pool longer matrices to at most kThumbnailPx cells first, else a pixel shows
// every k-th cell). Every panel is drawn with the colour range and map of the
// first one; the panels' titles, labels and colour bar settings other than
// colorbar_label are not used. `subtitle` is a line under the title. Throws
// mha::InputError if there are no panels.
inline constexpr int kThumbnailPx = 128, kThumbnailGap = 8;
struct LayerHeadGridGeometry {
  std::vector<int> layers, heads;      // of the rows and columns, ascending
  std::vector<int> column_x, row_y;    // top-left corner of each panel's cells
  int panel_w = 0, panel_h = 0;        // of the cells of one panel
  int bar_x = 0, bar_y = 0, bar_h = 0;  // the colour bar's strip
};
Image layers_heads_grid(const std::vector<GridPanel>& panels, const std::string& title, const std::string& subtitle,
                        const Font* font, LayerHeadGridGeometry* geometry = nullptr);

// Panels side by side in one row; if that row would be wider than 2400 px,
// in as few balanced rows as keep it under that width.
Image side_by_side(const std::vector<Image>& panels, const std::string& title, const Font* font, int gap = 24);

}  // namespace mha::png
