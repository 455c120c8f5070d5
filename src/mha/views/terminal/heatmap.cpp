#include "mha/views/terminal/heatmap.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "mha/core/error.hpp"
#include "mha/views/png/colormap.hpp"
#include "mha/text/utf8.hpp"

namespace mha {

Cells cells_from_string(std::string_view s) { return kCellsNames.parse(s); }

namespace {

// The six levels of each channel of the xterm colour cube.
constexpr std::array<int, 6> kCube = {0, 95, 135, 175, 215, 255};
// Masked cells: the light grey of the PNGs' masked cells, with a dark "×".
constexpr png::Rgb kMasked{226, 226, 226};
constexpr int kScaleSwatches = 10;  // the colour legend: 0 … 1 in ten steps

int distance2(png::Rgb a, png::Rgb b) {
  const int dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
  return dr * dr + dg * dg + db * db;
}

int nearest_level(int v) {
  int best = 0;
  for (int i = 1; i < 6; ++i)
    if (std::abs(kCube[static_cast<std::size_t>(i)] - v) < std::abs(kCube[static_cast<std::size_t>(best)] - v))
      best = i;
  return best;
}

bool is_masked(float v) { return std::isinf(v) && v < 0; }

// " ░▒▓█": 0–0.2, 0.2–0.4, 0.4–0.6, 0.6–0.8, 0.8–1.
const char* shade(float v) {
  static const char* const kShades[] = {" ", "░", "▒", "▓", "█"};
  const int level = v >= 1.0f ? 4 : v > 0.0f ? std::min(4, static_cast<int>(v * 5.0f)) : 0;
  return kShades[level];
}

std::string repeat(const char* s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

class Painter {
 public:
  explicit Painter(Colour c) : colour_(c) {}
  bool on() const { return colour_ != Colour::none; }
  // Escape codes for text in `ink` on `paper`.
  std::string paint(png::Rgb paper, png::Rgb ink) const {
    if (colour_ == Colour::truecolor) return code(48, paper) + code(38, ink);
    std::string s = "\x1b[48;5;";
    s += std::to_string(ansi256_index(paper));
    s += "m\x1b[38;5;";
    s += std::to_string(ansi256_index(ink));
    s += 'm';
    return s;
  }
  // The ink that reads best on `paper` as this terminal shows it.
  png::Rgb ink_on(png::Rgb paper) const {
    return png::text_colour_on(colour_ == Colour::ansi256 ? ansi256_colour(ansi256_index(paper)) : paper);
  }
  static constexpr const char* kReset = "\x1b[0m";

 private:
  Colour colour_;
  static std::string code(int layer, png::Rgb c) {
    std::string s = "\x1b[";
    s += std::to_string(layer) + ";2;" + std::to_string(c.r) + ";" + std::to_string(c.g) + ";" + std::to_string(c.b);
    s += 'm';
    return s;
  }
};

// A cell's text with the blank on either side (appended piece by piece: GCC
// 12 gives a false -Wrestrict on " " + string).
void padded(std::string& out, const std::string& text) {
  out += ' ';
  out += text;
  out += ' ';
}

void strip_trailing_blanks(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

}  // namespace

int ansi256_index(png::Rgb c) {
  const int r = nearest_level(c.r), g = nearest_level(c.g), b = nearest_level(c.b);
  const int cube = 16 + 36 * r + 6 * g + b;
  // Grey ramp: 232 + i is 8 + 10·i.
  const int mean = (c.r + c.g + c.b) / 3;
  const int grey = 232 + std::clamp((mean - 8 + 5) / 10, 0, 23);
  return distance2(c, ansi256_colour(grey)) < distance2(c, ansi256_colour(cube)) ? grey : cube;
}

png::Rgb ansi256_colour(int index) {
  if (index >= 232) {
    const auto v = static_cast<unsigned char>(8 + 10 * (std::min(index, 255) - 232));
    return {v, v, v};
  }
  const int i = std::max(index, 16) - 16;
  auto level = [](int l) { return static_cast<unsigned char>(kCube[static_cast<std::size_t>(l)]); };
  return {level(i / 36), level(i / 6 % 6), level(i % 6)};
}

std::string terminal_heatmap(const LabelledMatrix& m, const HeatmapStyle& heat, const TableStyle& table,
                             std::string_view masked_word) {
  const Painter paint(heat.colour);
  const Matrix& v = m.value;
  const auto rows = visible_indices(v.rows(), table.max_rows);
  const auto cols = visible_indices(v.cols(), table.max_cols);
  const bool numbers = heat.cells == Cells::numbers;

  // Cell width: the widest column label, and the widest number when they are shown.
  std::vector<std::string> col_heads;
  int cell = numbers ? 1 : 2;
  bool any_masked = false;
  for (Index c : cols) {
    col_heads.push_back(c < 0 ? "…" : utf8::fit(utf8::printable(m.col_labels[static_cast<std::size_t>(c)]), table.label_width));
    cell = std::max(cell, utf8::width(col_heads.back()));
  }
  for (Index r : rows)
    for (Index c : cols)
      if (r >= 0 && c >= 0) {
        any_masked = any_masked || is_masked(v(r, c));
        if (numbers) cell = std::max(cell, static_cast<int>(format_number(v(r, c), table.precision).size()));
      }
  int label = 0;
  std::vector<std::string> row_heads;
  for (Index r : rows) {
    row_heads.push_back(r < 0 ? "⋮" : utf8::fit(utf8::printable(m.row_labels[static_cast<std::size_t>(r)]), table.label_width));
    label = std::max(label, utf8::width(row_heads.back()));
  }

  // Each cell is `cell` columns with a blank either side; rows sit between "│".
  std::string out = table.indent + std::string(static_cast<std::size_t>(label + 2), ' ');
  for (const auto& h : col_heads) padded(out, utf8::pad_left(h, cell));
  strip_trailing_blanks(out);
  out += '\n';
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += table.indent + utf8::pad_right(row_heads[i], label);
    out += " │";
    for (Index c : cols) {
      const Index r = rows[i];
      if (r < 0 || c < 0) {  // the "…" column and the "⋮" row stay uncoloured
        padded(out, utf8::pad_left(r < 0 ? (c < 0 ? "" : "⋮") : "…", cell));
        continue;
      }
      const float w = v(r, c);
      std::string text;
      png::Rgb paper = kMasked;
      if (is_masked(w)) {
        text = utf8::pad_left("×", (cell + 1) / 2) + std::string(static_cast<std::size_t>(cell / 2), ' ');
      } else {
        paper = png::viridis(w);
        text = numbers ? utf8::pad_left(format_number(w, table.precision), cell)
               : paint.on() ? std::string(static_cast<std::size_t>(cell), ' ')
                            : repeat(shade(w), cell);
      }
      if (paint.on()) out += paint.paint(paper, paint.ink_on(paper));
      padded(out, text);
      if (paint.on()) out += Painter::kReset;
    }
    out += "│\n";
  }

  // The scale: ten swatches from 0 to 1, or the five shades with their ranges.
  std::string legend = table.indent;
  if (paint.on()) {
    legend += "0 ";
    for (int k = 0; k < kScaleSwatches; ++k) {
      const png::Rgb c = png::viridis((static_cast<float>(k) + 0.5f) / kScaleSwatches);
      legend += paint.paint(c, c) + "  " + Painter::kReset;
    }
    legend += " 1";
  } else {
    static const char* const kRanges[] = {"0–0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8–1"};
    for (int k = 0; k < 5; ++k) {
      if (k) legend += "  ";
      legend += "│";
      legend += shade(static_cast<float>(k) / 5.0f + 0.1f);
      legend += "│ ";
      legend += kRanges[k];
    }
  }
  if (any_masked) {
    legend += "   ";
    if (paint.on()) legend += paint.paint(kMasked, paint.ink_on(kMasked));
    legend += "×";
    if (paint.on()) legend += Painter::kReset;
    legend += " ";
    legend += masked_word;
  }
  out += legend + "\n";
  return out;
}

}  // namespace mha
