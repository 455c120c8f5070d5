#pragma once
// terminal_heatmap: an attention matrix as cells on a terminal, coloured with
// the viridis map of the PNGs (png/colormap.hpp: dark purple 0 … yellow 1),
// rows and columns labelled with the tokens (aligned when they are Chinese:
// two columns a character), cut like the tables (TableStyle::max_cols,
// max_rows), with a one-line scale under it.
//
// It writes escape codes only when the style says so: whether the output is a
// terminal that takes colour is the caller's decision (the CLI: --color,
// NO_COLOR, COLORTERM), never looked up here.
#include <optional>
#include <string>
#include <string_view>

#include "mha/core/enum_names.hpp"
#include "mha/views/png/image.hpp"
#include "mha/explain/table.hpp"
#include "mha/core/trace.hpp"
#include "mha/core/trace_queries.hpp"

namespace mha {

enum class Colour {
  none,       // no escape codes: shades only (Cells::shades)
  ansi256,    // ESC[48;5;Nm: the xterm 6×6×6 cube and grey ramp, nearest colour
  truecolor,  // ESC[48;2;R;G;Bm: the map's exact colours (COLORTERM=truecolor or 24bit)
};

enum class Cells {
  numbers,  // the weight, printed on its colour in black or white, whichever reads better
  shades,   // a block character by weight: " ░▒▓█" for 0–0.2 … 0.8–1 (on its colour when there is colour)
};
inline constexpr auto kCellsNames =
    enum_names<Cells>("cell style", {{Cells::numbers, "numbers"}, {Cells::shades, "shades"}});
Cells cells_from_string(std::string_view s);  // "numbers" | "shades"; throws InputError

struct HeatmapStyle {
  Colour colour = Colour::none;
  Cells cells = Cells::numbers;
};

// `weights` holds values in [0, 1]; a −∞ cell is masked and drawn apart (a
// grey "×"). `masked_word` names those in the legend, in the text's language.
// Every line ends with a newline; with colour every coloured run ends in a reset.
std::string terminal_heatmap(const LabelledMatrix& weights, const HeatmapStyle& heat, const TableStyle& table,
                             std::string_view masked_word);

// The xterm 256-colour palette: the index nearest to `c` among the 6×6×6
// cube (16–231) and the grey ramp (232–255), by squared RGB distance (the
// cube on a tie), and the colour an index stands for.
int ansi256_index(png::Rgb c);
png::Rgb ansi256_colour(int index);  // index in 16..255

}  // namespace mha
