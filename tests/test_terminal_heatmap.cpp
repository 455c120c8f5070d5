#include <catch2/catch.hpp>
#include <limits>

#include "mha/core/error.hpp"
#include "mha/views/terminal/explain.hpp"
#include "mha/pipeline.hpp"
#include "mha/views/terminal/heatmap.hpp"
#include "mha/text/utf8.hpp"
#include "model_trace_fixture.hpp"
#include "text_lines.hpp"

namespace {

constexpr float kMaskedCell = -std::numeric_limits<float>::infinity();

// The text without its escape codes (ESC [ … m), as a terminal shows it.
std::string visible(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b') {
      i = s.find('m', i);
      continue;
    }
    out += s[i];
  }
  return out;
}

// 0, 0.5, 1 in the first row; a masked cell and 0.3, 0.9 in the second.
mha::LabelledMatrix small() {
  mha::Matrix m(2, 3);
  m << 0.0f, 0.5f, 1.0f, kMaskedCell, 0.3f, 0.9f;
  return {m, {"我", "喜欢"}, {"我", "喜欢", "a"}};
}

}  // namespace

TEST_CASE("ansi256_index picks the xterm palette's nearest colour", "[heatmap]") {
  // The cube's corners and levels are exact: 16 + 36·r + 6·g + b with the
  // levels 0, 95, 135, 175, 215, 255.
  CHECK(mha::ansi256_index({0, 0, 0}) == 16);
  CHECK(mha::ansi256_index({255, 255, 255}) == 231);
  CHECK(mha::ansi256_index({255, 0, 0}) == 196);
  CHECK(mha::ansi256_index({95, 135, 175}) == 16 + 36 * 1 + 6 * 2 + 3);
  // Mid grey 128 is grey-ramp entry 232 + 12 (8 + 10·12 = 128) exactly; the
  // cube's nearest, (135, 135, 135), is 7 away per channel.
  CHECK(mha::ansi256_index({128, 128, 128}) == 244);
  // viridis(0) = #440154 is not a cube colour: its nearest is (95, 0, 95), index 53.
  CHECK(mha::ansi256_index({0x44, 0x01, 0x54}) == 53);
  CHECK(mha::ansi256_colour(53) == mha::png::Rgb{95, 0, 95});
  CHECK(mha::ansi256_colour(255) == mha::png::Rgb{238, 238, 238});
}

TEST_CASE("24-bit cells use the PNGs' viridis colours and readable ink", "[heatmap]") {
  const std::string out = mha::terminal_heatmap(small(), {mha::Colour::truecolor, mha::Cells::numbers}, {}, "masked");
  // Weight 0 is viridis entry 0 (#440154) with white ink; weight 1 is entry
  // 255 (#fde725) with black ink.
  CHECK_THAT(out, Catch::Contains("\x1b[48;2;68;1;84m\x1b[38;2;255;255;255m 0.000 \x1b[0m"));
  CHECK_THAT(out, Catch::Contains("\x1b[48;2;253;231;37m\x1b[38;2;0;0;0m 1.000 \x1b[0m"));
  CHECK_THAT(visible(out), Catch::Contains("× masked"));  // the legend names the masked cell's sign
  const auto rows = text_lines(visible(out));
  REQUIRE(rows.size() == 4);  // column labels, 2 rows, the scale
  // Chinese labels are two columns wide: both rows end at the same column,
  // and the last column label ends where the cells' last number ends (before " │").
  CHECK(mha::utf8::width(rows[1]) == mha::utf8::width(rows[2]));
  CHECK(mha::utf8::width(rows[0]) == mha::utf8::width(rows[1]) - 2);
}

TEST_CASE("256-colour cells use palette indices only", "[heatmap]") {
  const std::string out = mha::terminal_heatmap(small(), {mha::Colour::ansi256, mha::Cells::numbers}, {}, "masked");
  CHECK_THAT(out, Catch::Contains("\x1b[48;5;53m"));  // viridis(0)'s nearest, as above
  CHECK_THAT(out, !Catch::Contains("48;2;"));
}

TEST_CASE("shades without colour: block characters by fifths, no escape codes", "[heatmap]") {
  const std::string out = mha::terminal_heatmap(small(), {mha::Colour::none, mha::Cells::shades}, {}, "masked");
  CHECK(out.find('\x1b') == std::string::npos);
  const auto rows = text_lines(out);
  REQUIRE(rows.size() == 4);
  // Cells are 4 columns (the width of 喜欢) with a blank either side:
  // 0 → blanks, 0.5 → ▒, 1 → █.
  CHECK_THAT(rows[1], Catch::EndsWith("│       ▒▒▒▒  ████ │"));
  // The masked cell is a "×" in the middle, 0.3 → ░, 0.9 → █.
  CHECK_THAT(rows[2], Catch::EndsWith("│  ×    ░░░░  ████ │"));
  CHECK_THAT(rows[3], Catch::Contains("│▒│ 0.4–0.6"));
}

TEST_CASE("wide heatmaps are cut like the tables", "[heatmap]") {
  const mha::LabelledMatrix m{mha::Matrix::Constant(3, 11, 0.5f),
                              {"a", "b", "c"},
                              {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10"}};
  mha::TableStyle style;
  style.max_cols = 4;  // k0, k1, …, k9, k10
  const auto rows = text_lines(mha::terminal_heatmap(m, {mha::Colour::none, mha::Cells::shades}, style, "masked"));
  // Cells are 3 wide (k10); the "…" column is right-aligned like the tables'.
  CHECK_THAT(rows[0], Catch::EndsWith("k0   k1    …   k9  k10"));
  CHECK_THAT(rows[1], Catch::EndsWith("│ ▒▒▒  ▒▒▒    …  ▒▒▒  ▒▒▒ │"));
}

TEST_CASE("the explanation's heatmaps: colour only when asked, shades kept for files", "[heatmap]") {
  mha::Config cfg;
  cfg.causal = true;
  const auto t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg);
  mha::ExplainOptions plain, coloured, shades;
  coloured.heatmap = mha::HeatmapStyle{mha::Colour::truecolor, mha::Cells::numbers};
  shades.heatmap = mha::HeatmapStyle{mha::Colour::none, mha::Cells::shades};
  const std::string text = mha::explain(t, plain);
  CHECK(text.find('\x1b') == std::string::npos);
  const std::string with_colour = mha::explain(t, coloured);
  // One heatmap per head, each with masked cells above the diagonal (causal).
  CHECK_THAT(with_colour, Catch::Contains("The same weights of head 1 as a heatmap"));
  CHECK(visible(with_colour).find("× masked") != std::string::npos);
  // For a file: numbers in colour are left out (the table has them), shades stay.
  CHECK(mha::explain(t, mha::without_colour(coloured)) == text);
  CHECK(mha::explain(t, mha::without_colour(shades)) == mha::explain(t, shades));
  CHECK_THAT(mha::explain(t, shades), Catch::Contains("█"));
  CHECK_THROWS_AS(mha::cells_from_string("dots"), mha::InputError);
}

TEST_CASE("a model head's heatmap marks the causal cells masked though the run kept no mask step", "[heatmap][model]") {
  // A default --model run keeps only the softmax of each (layer, head):
  // the keys after each query show as "×", not as a weight of 0.
  const mha::Trace t = mha::testing::synthetic_model_trace(2, 4, true, "a b c");
  const auto rows = text_lines(mha::terminal_heatmap(mha::weights_with_masked_cells(t, 3, 1),
                                                     {mha::Colour::none, mha::Cells::shades}, {}, "masked"));
  REQUIRE(rows.size() == 5);  // keys, 3 queries, the scale
  CHECK_THAT(rows[1], Catch::EndsWith("│ ██  ×   ×  │"));  // query a: itself only (weight 1)
  CHECK_THAT(rows[2], Catch::EndsWith("  ×  │"));
  CHECK(rows[3].find("×") == std::string::npos);     // query c sees every key
  CHECK_THAT(rows[4], Catch::Contains("× masked"));
}
