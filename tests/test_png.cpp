// The PNG pictures: encoder, colour map, ticks, font loading and text,
// heatmaps and panels (src/mha/views/png).
#include <stb/stb_image.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "mha/core/error.hpp"
#include "mha/views/png/colormap.hpp"
#include "mha/views/png/font.hpp"
#include "mha/views/png/heatmap.hpp"
#include "mha/views/png/image.hpp"
#include "mha/views/png/colorbar.hpp"
#include "mha/views/png/pool.hpp"
#include "mha/views/png/sfnt.hpp"
#include "mha/views/png/text.hpp"
#include "mha/views/pictures/pictures.hpp"
#include "mha/pipeline.hpp"
#include "mha/views/png/ticks.hpp"
#include "mha/core/rng.hpp"
#include "mha/text/utf8.hpp"

using namespace mha;
using namespace mha::png;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Decodes PNG bytes with stb_image (an independent decoder).
Image decode(const std::string& bytes) {
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(bytes.data()),
                                            static_cast<int>(bytes.size()), &w, &h, &n, 3);
  REQUIRE(px != nullptr);
  Image img;
  img.width = w, img.height = h;
  img.rgb.assign(px, px + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  stbi_image_free(px);
  return img;
}

// The CJK font of the build machine, if any (Debian: fonts-wqy-microhei).
// The system font, which scripts/setup.sh installs (fonts-wqy-microhei):
// without it the test fails rather than skipping what it could not check.
const Font* test_font() {
  static const std::optional<Font> font = []() -> std::optional<Font> {
    if (auto path = find_system_font()) return Font::load(*path);
    return std::nullopt;
  }();
  if (!font) FAIL("no system font: install fonts-wqy-microhei (scripts/setup.sh does)");
  return &*font;
}

bool is_grey(Rgb c) { return c.r == c.g && c.g == c.b; }

bool is_white(Rgb c) { return c == kWhite; }

// Rows of softmax-like weights, as the attention step produces them.
Matrix weights(int n) {
  Matrix m(n, n);
  for (int i = 0; i < n; ++i) {
    float sum = 0.0f;
    for (int j = 0; j < n; ++j) sum += (m(i, j) = static_cast<float>(1 + (i * 7 + j * 3) % 5));
    m.row(i) /= sum;
  }
  return m;
}

std::vector<std::string> tokens() { return {"我", "喜欢", "吃", "芝士", "薯条"}; }

// A 5 x 5 map of attention weights with the seed's tokens on both axes.
HeatmapSpec seed_spec(const Matrix& m, const std::string& title) {
  HeatmapSpec spec;
  spec.values = &m;
  spec.row_labels = spec.col_labels = tokens();
  spec.title = title;
  return spec;
}

std::string temp_file(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() / ("mha-test-png-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

// The build machine's system font as bytes (the test fails without one).
struct FontFile {
  std::string path, bytes;
};
FontFile system_font_file() {
  const auto path = find_system_font();
  if (!path) FAIL("no system font: install fonts-wqy-microhei (scripts/setup.sh does)");
  return FontFile{*path, read_file(*path)};
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<mha::png::Rgb> {
  static std::string convert(const mha::png::Rgb& c) {
    return "rgb(" + std::to_string(c.r) + ", " + std::to_string(c.g) + ", " + std::to_string(c.b) + ")";
  }
};
}  // namespace Catch

TEST_CASE("png: encode_png gives a PNG that decodes to the same pixels", "[png]") {
  Image img = make_image(37, 23, Rgb{10, 20, 30});
  fill_rect(img, 5, 5, 10, 8, Rgb{200, 100, 0});
  for (int x = 0; x < img.width; ++x) set_pixel(img, x, 17, Rgb{static_cast<unsigned char>(x * 7), 3, 250});
  const std::string bytes = encode_png(img);
  REQUIRE(bytes.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  const Image back = decode(bytes);
  CHECK(back.width == img.width);
  CHECK(back.height == img.height);
  CHECK(back.rgb == img.rgb);
  CHECK(encode_png(img) == bytes);  // deterministic
  CHECK_THROWS_AS(encode_png(Image{}), InputError);
  Image broken = img;
  broken.rgb.pop_back();
  CHECK_THROWS_AS(encode_png(broken), InputError);
}

TEST_CASE("png: drawing primitives clip at the border", "[png]") {
  Image img = make_image(10, 10);
  fill_rect(img, -5, -5, 8, 8, kBlack);
  CHECK(pixel(img, 0, 0) == kBlack);
  CHECK(pixel(img, 2, 2) == kBlack);
  CHECK(pixel(img, 3, 3) == kWhite);
  fill_rect(img, 8, 8, 100, 100, Rgb{1, 2, 3});
  CHECK(pixel(img, 9, 9) == Rgb{1, 2, 3});
  set_pixel(img, 10, 10, kBlack);  // outside: nothing happens
  Mask mask{2, 1, {255, 128}};
  blend_mask(img, mask, 4, 4, kBlack);
  CHECK(pixel(img, 4, 4) == kBlack);
  CHECK(pixel(img, 5, 4) == Rgb{127, 127, 127});         // half covered: halfway
  blend_mask(img, mask, 6, 6, kBlack, Rotation::ccw90);  // one column, read bottom to top
  CHECK(pixel(img, 6, 7) == kBlack);
  CHECK(pixel(img, 6, 6) == Rgb{127, 127, 127});
}

TEST_CASE("png: viridis runs from dark purple to yellow and gets lighter", "[png]") {
  CHECK(viridis(0.0f) == Rgb{0x44, 0x01, 0x54});
  CHECK(viridis(0.5f) == Rgb{0x21, 0x91, 0x8c});
  CHECK(viridis(1.0f) == Rgb{0xfd, 0xe7, 0x25});
  CHECK(viridis(-3.0f) == viridis(0.0f));
  CHECK(viridis(7.0f) == viridis(1.0f));
  CHECK(viridis(std::nanf("")) == viridis(0.0f));
  for (int i = 16; i < 256; i += 16)
    CHECK(relative_luminance(viridis_entry(i)) > relative_luminance(viridis_entry(i - 16)));
  CHECK(text_colour_on(viridis(0.0f)) == kWhite);
  CHECK(text_colour_on(viridis(1.0f)) == kBlack);
  const ColorScale scale{-2.0f, 2.0f};
  CHECK(scale.colour(0.0f) == viridis(0.5f));
}

TEST_CASE("png: colour bar ticks are round numbers", "[png]") {
  auto texts = [](double lo, double hi, int n) {
    std::vector<std::string> out;
    for (const auto& t : nice_ticks(lo, hi, n)) out.push_back(t.text);
    return out;
  };
  CHECK(texts(0, 1, 6) == std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"});
  CHECK(texts(-3, 7, 6) == std::vector<std::string>{"-2", "0", "2", "4", "6"});
  CHECK(texts(0, 1, 5) == std::vector<std::string>{"0.00", "0.25", "0.50", "0.75", "1.00"});
  CHECK(texts(-2, 3.18, 6) == std::vector<std::string>{"-2", "-1", "0", "1", "2", "3"});
  CHECK(texts(-0.3, 0.3, 6) == std::vector<std::string>{"-0.2", "0.0", "0.2"});
  for (const auto& t : nice_ticks(-0.3, 0.3, 6)) CHECK(t.text != "-0.0");
  CHECK(nice_ticks(1, 1, 6).empty());
  CHECK(two_decimals(0.254f) == "0.25");
  CHECK(two_decimals(-0.001f) == "0.00");
}

TEST_CASE("png: a file that is not a TrueType font is a FormatError naming it", "[png]") {
  const std::string text = temp_file("not-a-font.ttf", "this is a text file, not a font at all\n");
  try {
    Font::load(text);
    FAIL("no exception");
  } catch (const FormatError& e) {
    CHECK_THAT(e.what(), Catch::Contains(text));
    CHECK_THAT(e.what(), Catch::Contains("TrueType"));
  }
  CHECK_THROWS_AS(Font::load(temp_file("empty.ttf", "")), FormatError);
  CHECK_THROWS_AS(Font::from_bytes({}, "nothing"), FormatError);
  std::string cff = std::string("OTTO\0\x01\0\0\0\0\0\0", 12) + std::string(100, '\0');
  CHECK_THROWS_WITH(Font::load(temp_file("cff.otf", cff)), Catch::Contains("CFF"));
  std::string ttc =
      std::string("ttcf\0\x01\0\0\0\0\0\x01\0\0\0\x10", 16) + std::string("OTTO", 4) + std::string(64, '\0');
  CHECK_THROWS_WITH(Font::load(temp_file("cff.ttc", ttc)), Catch::Contains("CFF"));
  CHECK_THROWS_WITH(Font::load(temp_file("web.woff", "wOFF" + std::string(60, '\0'))), Catch::Contains("WOFF"));
  // A TrueType header whose table directory runs past the end of the file.
  CHECK_THROWS_AS(Font::load(temp_file("cut.ttf", std::string("\0\x01\0\0\0\x20\0\0\0\0\0\0", 12))), FormatError);
  for (const char* name : {"not-a-font.ttf", "empty.ttf", "cff.otf", "cff.ttc", "web.woff", "cut.ttf"})
    std::filesystem::remove(std::filesystem::temp_directory_path() / (std::string("mha-test-png-") + name));
  CHECK_THROWS_AS(Font::load("/nonexistent/font.ttf"), IoError);
  CHECK_THROWS_AS(Font::load(std::filesystem::temp_directory_path().string()), IoError);
}

TEST_CASE("png: a real font cut short is refused, not rasterized", "[png]") {
  const auto font_file = system_font_file();
  const std::string& bytes = font_file.bytes;
  REQUIRE(bytes.size() > 4096);
  for (std::size_t keep : {std::size_t{64}, std::size_t{4096}, bytes.size() / 2}) {
    std::vector<unsigned char> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(keep));
    CHECK_THROWS_AS(Font::from_bytes(cut, "cut"), FormatError);
  }
}

TEST_CASE("png: corrupt glyph outlines and tables give an error or a drawing, never a crash", "[png]") {
  // stb_truetype trusts every offset it reads; sfnt.cpp stands in front of
  // it. 400 corrupted copies of the real font, each with 12 random bytes
  // overwritten inside the outlines of the glyphs that the seed sentence and
  // the picture digits use, 4 anywhere in the first 64 KiB (table directory,
  // cmap, head, maxp) and, in one copy of 8, one byte of those glyphs' loca
  // entries: each must load and draw, or be refused with a FormatError.
  // Under MHA_SANITIZE any read out of bounds fails the test.
  const auto font_file = system_font_file();
  const std::vector<unsigned char> original(font_file.bytes.begin(), font_file.bytes.end());
  const sfnt::Face face = sfnt::check_truetype(original.data(), original.size(), font_file.path);
  const std::string text = "我 喜欢 吃 芝士 薯条 0.48 Layer";
  using Range = std::pair<std::uint64_t, std::uint64_t>;  // [begin, end) bytes to corrupt
  std::vector<Range> outlines, loca;
  for (char32_t cp : {U'我', U'喜', U'欢', U'吃', U'芝', U'士', U'薯', U'条', U'0', U'4', U'8', U'L', U'y'}) {
    const int g = sfnt::glyph_index(face, cp);
    if (g == 0) continue;
    const sfnt::GlyphBytes where = sfnt::glyph_bytes(face, g);
    loca.push_back({where.loca_begin, where.loca_end});
    if (where.end > where.begin) outlines.push_back({where.begin, where.end});
  }
  REQUIRE(outlines.size() >= 10);
  mha::SplitMix64 rng(2026);
  auto corrupt = [&](std::vector<unsigned char>& bytes, const std::vector<Range>& where) {
    const auto& [b, e] = where[rng.next() % where.size()];
    bytes[b + rng.next() % (e - b)] = static_cast<unsigned char>(rng.next());
  };
  int drawn = 0, refused = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<unsigned char> bytes = original;
    for (int k = 0; k < 12; ++k) corrupt(bytes, outlines);
    corrupt(bytes, {{0, 65536}});
    if (trial % 8 == 0) corrupt(bytes, loca);
    try {
      const Font font = Font::from_bytes(std::move(bytes), "corrupt.ttc");
      const Mask m = font.render(text, 18);
      CHECK(m.height == font.metrics(18).line_height);
      ++drawn;
    } catch (const FormatError& e) {
      CHECK(std::string(e.what()).find("corrupt.ttc") != std::string::npos);  // names the file
      ++refused;
    }
  }
  // Both paths must be taken: with seed 2026, 360 of 400 copies load and draw
  // (outlines are data, and a bad outline is drawn as a missing glyph) and
  // the other 40, all with a loca entry pointing outside glyf, are refused.
  CHECK(drawn > 200);
  CHECK(refused > 0);
  CHECK(drawn + refused == 400);
}

TEST_CASE("png: text: CJK glyphs, tofu, invalid UTF-8 and truncation", "[png]") {
  const Font* font = test_font();
  CHECK(std::filesystem::exists(font->path()));
  const Font::Metrics m = font->metrics(18);
  CHECK(m.line_height >= 18);
  CHECK(m.digit_height > 6);
  CHECK(m.digit_height < m.ascent + 1);
  if (font->has_glyph(U'我')) {
    CHECK(font->text_width("喜欢", 18) > font->text_width("我", 18));
    const Mask mask = font->render("我", 18);
    CHECK(mask.height == m.line_height);
    int ink = 0;
    for (auto a : mask.alpha) ink += a > 128;
    CHECK(ink > 20);
  }
  // A character no font has (a private-use code point) is a hollow box.
  const Mask tofu = font->render("\xEE\x80\x80", 18);  // U+E000
  CHECK(tofu.width > 4);
  int covered = 0;
  for (auto a : tofu.alpha) covered += a > 0;
  CHECK(covered > 10);
  // Invalid UTF-8 draws '?' for each bad byte.
  CHECK(font->text_width("a\xFF"
                         "b",
                         16) == font->text_width("a?b", 16));
  CHECK(font->render("a\xC3", 16).alpha == font->render("a?", 16).alpha);
  // Truncation.
  const std::string long_token = "internationalization";
  const std::string fitted = font->fit(long_token, 14, 60);
  CHECK(fitted != long_token);
  CHECK(font->text_width(fitted, 14) <= 60);
  CHECK((fitted.find("\xE2\x80\xA6") != std::string::npos || fitted.find("...") != std::string::npos));
  CHECK(font->fit("ok", 14, 60) == "ok");
  CHECK(font->fit(long_token, 14, 1).empty());
  CHECK(font->text_width("", 14) == 0);
  CHECK(font->render("", 14).width == 0);
}

TEST_CASE("png: heatmap: each cell has the colour of its value", "[png]") {
  const Matrix m = weights(5);
  HeatmapSpec spec = seed_spec(m, "Layer 0 · Head 1 · softmax weights A_1");
  spec.vmin = 0.0f, spec.vmax = 1.0f;
  for (const Font* font : {static_cast<const Font*>(nullptr), test_font()}) {
    HeatmapGeometry g;
    const Image img = render_heatmap(spec, font, &g);
    REQUIRE(g.rows == 5);
    REQUIRE(g.cols == 5);
    CHECK(g.grid_w == 5 * 64);
    CHECK(g.grid_h == 5 * 64);
    CHECK(img.width <= 800);
    const ColorScale scale{0.0f, 1.0f};
    for (int r = 0; r < 5; ++r)
      for (int c = 0; c < 5; ++c) {
        // The centre has the number on it when a font is given: look near the corner then.
        const int x = font ? g.cell_left(c) + 4 : g.cell_center_x(c);
        const int y = font ? g.cell_top(r) + 4 : g.cell_center_y(r);
        CHECK(pixel(img, x, y) == scale.colour(m(r, c)));
      }
    // Colour bar: vmax at the top, vmin at the bottom.
    CHECK(pixel(img, g.bar_x + g.bar_w / 2, g.bar_y) == viridis(1.0f));
    CHECK(pixel(img, g.bar_x + g.bar_w / 2, g.bar_y + g.bar_h - 1) == viridis(0.0f));
    const Rgb middle = pixel(img, g.bar_x + g.bar_w / 2, g.bar_y + g.bar_h / 2);
    CHECK((middle == viridis_entry(127) || middle == viridis_entry(128)));
    CHECK(is_white(pixel(img, 0, 0)));
    CHECK(is_white(pixel(img, img.width - 1, img.height - 1)));
    const Image back = decode(encode_png(img));
    CHECK(back.width == img.width);
    CHECK(back.height == img.height);
    CHECK(back.rgb == img.rgb);
  }
}

TEST_CASE("png: heatmap: numbers in small matrices, white on dark and black on light", "[png]") {
  const Font* font = test_font();
  Matrix m(2, 2);
  m << 0.0f, 1.0f, 1.0f, 0.0f;
  HeatmapSpec spec;
  spec.values = &m;
  spec.row_labels = spec.col_labels = {"a", "b"};
  HeatmapGeometry g;
  const Image img = render_heatmap(spec, font, &g);
  REQUIRE(g.values_written);
  auto extremes = [&](int r, int c) {  // darkest and lightest green channel inside the cell
    int lo = 255, hi = 0;
    for (int y = g.cell_top(r) + 2; y < g.cell_top(r + 1) - 2; ++y)
      for (int x = g.cell_left(c) + 2; x < g.cell_left(c + 1) - 2; ++x) {
        const int v = pixel(img, x, y).g;
        lo = std::min(lo, v), hi = std::max(hi, v);
      }
    return std::pair{lo, hi};
  };
  CHECK(extremes(0, 0).second > 200);  // "0.00" in white on dark purple
  CHECK(extremes(0, 1).first < 60);    // "1.00" in black on yellow

  const Matrix big = weights(13);
  spec.values = &big;
  render_heatmap(spec, font, &g);
  CHECK_FALSE(g.values_written);
}

TEST_CASE("png: heatmap: masked and NaN cells are grey and leave the colour range alone", "[png]") {
  Matrix m(3, 3);
  m << 0.2f, -kInf, -kInf, 0.5f, std::nanf(""), -kInf, 0.1f, 0.3f, 0.9f;
  HeatmapSpec spec;
  spec.values = &m;
  spec.row_labels = spec.col_labels = {"x", "y", "z"};
  for (const Font* font : {static_cast<const Font*>(nullptr), test_font()}) {
    HeatmapGeometry g;
    const Image img = render_heatmap(spec, font, &g);
    CHECK(g.vmin == 0.1f);  // the data range of the finite values
    CHECK(g.vmax == 0.9f);
    for (auto [r, c] : {std::pair{0, 1}, {0, 2}, {1, 1}, {1, 2}})
      for (int dy : {-10, 0, 7})
        for (int dx : {-9, 0, 5}) CHECK(is_grey(pixel(img, g.cell_center_x(c) + dx, g.cell_center_y(r) + dy)));
    CHECK(pixel(img, g.cell_left(2) + 4, g.cell_top(2) + 4) == viridis(1.0f));
    CHECK(pixel(img, g.cell_left(0) + 4, g.cell_top(2) + 4) == viridis(0.0f));
  }
}

TEST_CASE("png: heatmap: odd input does not crash", "[png]") {
  const Font* font = test_font();
  SECTION("1 x 1") {
    Matrix m(1, 1);
    m << 1.0f;
    HeatmapSpec spec;
    spec.values = &m;
    spec.row_labels = spec.col_labels = {"我"};
    HeatmapGeometry g;
    const Image img = render_heatmap(spec, font, &g);
    CHECK(g.vmin < g.vmax);  // a single value still gets a range
    CHECK(decode(encode_png(img)).width == img.width);
  }
  SECTION("empty, missing, invalid and very long labels") {
    const Matrix m = weights(4);
    HeatmapSpec spec;
    spec.values = &m;
    spec.row_labels = {"", "\xFF\xFE", "a-very-long-token-that-will-not-fit-anywhere-at-all"};  // one missing
    spec.col_labels = {"\xC3", "", "", "\xE6\x88"};
    spec.title = std::string(500, 'T');
    const Image img = render_heatmap(spec, font);
    CHECK(img.width <= 2000);
  }
  SECTION("all values masked") {
    Matrix m = Matrix::Constant(3, 3, -kInf);
    HeatmapSpec spec;
    spec.values = &m;
    HeatmapGeometry g;
    render_heatmap(spec, font, &g);
    CHECK(g.vmin == 0.0f);
    CHECK(g.vmax == 1.0f);
  }
  SECTION("huge values and vmin above vmax") {
    Matrix m(2, 2);
    m << -3e38f, 3e38f, kInf, 0.0f;
    HeatmapSpec spec;
    spec.values = &m;
    spec.vmin = 5.0f, spec.vmax = -5.0f;
    render_heatmap(spec, font);
    spec.vmin.reset(), spec.vmax.reset();
    render_heatmap(spec, font);
  }
  SECTION("no values") {
    HeatmapSpec spec;
    CHECK_THROWS_AS(render_heatmap(spec, font), InputError);
    Matrix empty(0, 0);
    spec.values = &empty;
    CHECK_THROWS_AS(render_heatmap(spec, font), InputError);
  }
}

TEST_CASE("png: heatmap: long inputs stay a reasonable size", "[png]") {
  const Font* font = test_font();
  for (int n : {40, 300}) {
    const Matrix m = weights(n);
    HeatmapSpec spec;
    spec.values = &m;
    for (int i = 0; i < n; ++i) spec.row_labels.push_back(i % 2 ? "芝士" : "token" + std::to_string(i));
    spec.col_labels = spec.row_labels;
    spec.title = "long";
    HeatmapGeometry g;
    const Image img = render_heatmap(spec, font, &g);
    CHECK(img.width <= 2000);
    CHECK(img.height <= 2000);
    CHECK(g.grid_w >= n);
    CHECK_FALSE(g.values_written);
    if (font) CHECK(g.columns_rotated);
    if (n == 300 && font) CHECK(g.label_step > 1);
  }
}

TEST_CASE("png: heatmap: without a font only the text is missing", "[png]") {
  const Matrix m = weights(5);
  HeatmapSpec spec = seed_spec(m, "title");
  HeatmapGeometry bare, full;
  const Image a = render_heatmap(spec, nullptr, &bare);
  // No text: everything above and left of the grid is white background.
  for (int y = 0; y < bare.grid_y - 1; ++y)
    for (int x = 0; x < a.width; ++x) REQUIRE(is_white(pixel(a, x, y)));
  const Font* font = test_font();
  const Image b = render_heatmap(spec, font, &full);
  // Same cells; the picture with text is bigger by the room the text takes.
  CHECK(bare.grid_w == full.grid_w);
  CHECK(bare.grid_h == full.grid_h);
  CHECK(b.width > a.width);
  CHECK(b.height > a.height);
  int ink = 0;  // the title and labels
  for (int y = 0; y < full.grid_y - 1; ++y)
    for (int x = 0; x < b.width; ++x) ink += !is_white(pixel(b, x, y));
  CHECK(ink > 200);
  // Deterministic: the same input gives the same bytes.
  CHECK(encode_png(render_heatmap(spec, font)) == encode_png(b));
}

TEST_CASE("png: side_by_side puts panels in a row, or in rows when too wide", "[png]") {
  std::vector<Image> panels;
  for (int i = 0; i < 3; ++i) panels.push_back(make_image(100, 80 + 10 * i, Rgb{static_cast<unsigned char>(i), 0, 0}));
  const Image row = side_by_side(panels, "all heads", nullptr, 10);
  CHECK(row.width == 3 * 100 + 2 * 10);
  CHECK(row.height == 100);
  CHECK(pixel(row, 0, 0) == Rgb{0, 0, 0});
  CHECK(pixel(row, 110, 0) == Rgb{1, 0, 0});
  CHECK(pixel(row, 220, 99) == Rgb{2, 0, 0});
  CHECK(is_white(pixel(row, 105, 0)));  // the gap

  std::vector<Image> wide(8, make_image(500, 50));  // one row would be 4140 px
  const Image grid = side_by_side(wide, "", nullptr, 20);
  CHECK(grid.width == 4 * 500 + 3 * 20);  // 4 + 4, not 4 + 4 by luck: 8 panels, at most 4 fit
  CHECK(grid.height == 2 * 50 + 20);
  std::vector<Image> seven(7, make_image(500, 50));
  CHECK(side_by_side(seven, "", nullptr, 20).width == 4 * 500 + 3 * 20);  // 4 + 3

  if (const Font* font = test_font()) {
    const Image titled = side_by_side(panels, "Layer 0 · all 3 heads", font, 10);
    CHECK(titled.height > row.height);
    CHECK(titled.width >= row.width);
  }
  CHECK(side_by_side({}, "", nullptr).width >= 1);
}

TEST_CASE("png: the font sniffer skips CFF, WOFF and non-fonts", "[png]") {
  auto looks = [](const std::string& b) {
    return sfnt::looks_like_truetype(reinterpret_cast<const unsigned char*>(b.data()), b.size());
  };
  const std::string pad(16, '\0');
  CHECK(looks(std::string("\0\x01\0\0", 4) + pad));
  CHECK(looks("true" + pad));
  CHECK(looks(std::string("ttcf\0\x01\0\0\0\0\0\x01\0\0\0\x10\0\x01\0\0", 20) + pad));
  CHECK_FALSE(looks(std::string("ttcf\0\x01\0\0\0\0\0\x01\0\0\0\x10", 16) + "OTTO" + pad));
  CHECK_FALSE(looks("OTTO" + pad));
  CHECK_FALSE(looks("wOFF" + pad));
  CHECK_FALSE(looks("<html>" + pad));
  CHECK_FALSE(looks("true"));  // too short
}

TEST_CASE("png: find_system_font only returns fonts that exist and look loadable", "[png]") {
  CHECK_FALSE(system_font_candidates().empty());
  if (auto path = find_system_font()) {
    CHECK(std::filesystem::exists(*path));
    CHECK_NOTHROW(Font::load(*path));
  }
}

TEST_CASE("png: causal pictures draw masked cells as masked, not as weight 0", "[png]") {
  // In A_i a masked cell and a cell that merely scored low are both 0. The
  // picture must tell them apart: cell (我, 薯条) of the seed sentence is
  // masked with --causal (key 4 after query 0) and must be grey, while the
  // colour of weight 0 is viridis' dark purple (68, 1, 84).
  mha::Config config;
  config.causal = true;
  const mha::Trace trace = mha::explain_sentence("我 喜欢 吃 芝士 薯条", config);
  const auto pictures = mha::attention_pictures(trace, test_font());
  REQUIRE(pictures.size() == 3);
  const Image head0 = decode(pictures[0].png);
  // Where the cells are: the same spec rendered directly reports its geometry.
  HeatmapSpec spec = seed_spec(trace.find(mha::StepName::softmax, 0)->tensor.value, "x");
  HeatmapGeometry g;
  render_heatmap(spec, test_font(), &g);
  int grey = 0, purple = 0;
  for (int dy = -8; dy <= 8; dy += 4)
    for (int dx = -8; dx <= 8; dx += 4) {
      const Rgb masked = pixel(head0, g.cell_center_x(4) + dx, g.cell_center_y(0) + dy);
      grey += is_grey(masked) && masked.r > 150;
      const Rgb low = pixel(head0, g.cell_left(4) + 2 + (dx + 8) / 4, g.cell_top(0) + 2 + (dy + 8) / 4);
      purple += low == Rgb{68, 1, 84};
    }
  CHECK(grey == 25);   // light grey, with or without the hatching lines
  CHECK(purple == 0);  // nowhere the colour of weight 0
  // The unmasked diagonal cell (我, 我) has weight 1: viridis' yellow.
  const Rgb one = pixel(head0, g.cell_left(0) + 3, g.cell_top(0) + 3);
  CHECK(one.r > 200);
  CHECK(one.g > 200);
  CHECK(one.b < 80);
}

TEST_CASE("png: colour maps end and meet in the middle where the published tables do", "[png]") {
  // matplotlib's _cm_listed.py entries 0, 128 and 255, each channel round(x * 255):
  // magma[0] = (0.001462, 0.000466, 0.013866), magma[255] = (0.987053, 0.991438, 0.749504), ...
  struct Expect {
    Colormap map;
    Rgb first, middle, last;
  };
  for (const auto& [map, first, middle, last] : {
           Expect{Colormap::viridis, {68, 1, 84}, {33, 145, 140}, {253, 231, 37}},
           Expect{Colormap::magma, {0, 0, 4}, {183, 55, 121}, {252, 253, 191}},
           Expect{Colormap::inferno, {0, 0, 4}, {188, 55, 84}, {252, 255, 164}},
           Expect{Colormap::plasma, {13, 8, 135}, {204, 71, 120}, {240, 249, 33}},
           Expect{Colormap::cividis, {0, 34, 78}, {125, 124, 120}, {254, 232, 56}},
           Expect{Colormap::gray, {0, 0, 0}, {128, 128, 128}, {255, 255, 255}},  // linear black to white
       }) {
    INFO(to_string(map));
    CHECK(colormap_size(map) == 256);
    CHECK(colormap_entry(map, 0) == first);
    CHECK(colormap_entry(map, 128) == middle);
    CHECK(colormap_entry(map, 255) == last);
    CHECK(colormap_colour(map, 0.5f) == middle);  // floor(0.5 * 256) = 128
    CHECK(colormap_colour(map, 1.0f) == last);
    CHECK(colormap_from_string(to_string(map)) == map);
    // Sequential: every 16th entry lighter than the one before (they are
    // designed monotonic in lightness, so larger weights always look lighter).
    for (int i = 16; i < 256; i += 16)
      CHECK(relative_luminance(colormap_entry(map, i)) > relative_luminance(colormap_entry(map, i - 16)));
  }
  CHECK_THROWS_WITH(colormap_from_string("jet"),
                    "unknown colour map 'jet'; expected viridis, magma, inferno, plasma, cividis or gray");
  CHECK_THROWS_AS(colormap_from_string("RdBu_r"), InputError);  // the diverging map is for scores only
}

TEST_CASE("png: the diverging map is ColorBrewer's RdBu, neutral at 0 and symmetric", "[png]") {
  const Colormap d = Colormap::rdbu_r;
  REQUIRE(is_diverging(d));
  CHECK(colormap_size(d) == 257);
  // The published control points: #053061 at the blue end, #f7f7f7 in the
  // middle (entry 128 of 0..256), #67001f at the red end; #2166ac is the
  // second of 11, 1/10 of the way: entry 25.6, between 25 and 26.
  CHECK(colormap_entry(d, 0) == Rgb{0x05, 0x30, 0x61});
  CHECK(colormap_entry(d, 128) == Rgb{0xf7, 0xf7, 0xf7});
  CHECK(colormap_entry(d, 256) == Rgb{0x67, 0x00, 0x1f});
  // Entry 25: 250/256 of the way from #053061 to #2166ac, rounded:
  // (5·6 + 33·250) / 256 = 32.3, (48·6 + 102·250) / 256 = 100.7, (97·6 + 172·250) / 256 = 170.2.
  CHECK(colormap_entry(d, 25) == Rgb{32, 101, 170});
  // A range symmetric about 0 puts 0 on the neutral colour, and +v, -v on
  // mirrored entries that are about equally light (RdBu's design; within
  // 0.04 of relative luminance over the whole map).
  const ColorScale scale{-2.0f, 2.0f, d};
  CHECK(scale.colour(0.0f) == Rgb{0xf7, 0xf7, 0xf7});
  CHECK(scale.colour(-2.0f) == colormap_entry(d, 0));
  CHECK(scale.colour(2.0f) == colormap_entry(d, 256));
  for (float v : {0.1f, 0.37f, 0.5f, 1.0f, 1.3f, 1.9f}) {
    INFO(v);
    const int up = colormap_index(d, scale.position(v)), down = colormap_index(d, scale.position(-v));
    CHECK(up + down == 256);
    CHECK(std::fabs(relative_luminance(scale.colour(v)) - relative_luminance(scale.colour(-v))) < 0.04);
    CHECK(scale.colour(v).r > scale.colour(v).b);    // positive: red
    CHECK(scale.colour(-v).b > scale.colour(-v).r);  // negative: blue
  }
  // A heatmap on the diverging map without a range: symmetric about 0.
  Matrix m(1, 3);
  m << -1.0f, 0.5f, 3.0f;
  HeatmapSpec spec;
  spec.values = &m;
  spec.colormap = d;
  HeatmapGeometry g;
  render_heatmap(spec, nullptr, &g);
  CHECK(g.vmin == -3.0f);
  CHECK(g.vmax == 3.0f);
}

TEST_CASE("png: the ink of cell numbers contrasts with every colour of every map", "[png]") {
  // White or black, whichever contrasts more, reaches at least 4.58:1 on any
  // colour (the two tie at relative luminance 0.179), above WCAG's 4.5:1 for
  // text; so the numbers stay readable on dark and on light cells.
  for (Colormap map : {Colormap::viridis, Colormap::magma, Colormap::inferno, Colormap::plasma, Colormap::cividis,
                       Colormap::gray, Colormap::rdbu_r})
    for (int i = 0; i < colormap_size(map); ++i) {
      const Rgb cell = colormap_entry(map, i);
      const Rgb ink = text_colour_on(cell);
      INFO(to_string(map) << " entry " << i);
      CHECK(contrast_ratio(ink, cell) >= 4.5);
      CHECK(contrast_ratio(ink, cell) >= contrast_ratio(ink == kBlack ? kWhite : kBlack, cell));
    }
  CHECK(text_colour_on(colormap_entry(Colormap::rdbu_r, 0)) == kWhite);    // dark blue
  CHECK(text_colour_on(colormap_entry(Colormap::rdbu_r, 128)) == kBlack);  // near white
  CHECK(text_colour_on(colormap_entry(Colormap::magma, 255)) == kBlack);
  CHECK(std::fabs(contrast_ratio(kBlack, kWhite) - 21.0) < 1e-9);

  // In a drawn score heatmap: white digits on the dark blue cell of -1,
  // black ones on the neutral cell of 0.
  const Font* font = test_font();
  Matrix m(1, 2);
  m << -1.0f, 0.0f;
  HeatmapSpec spec;
  spec.values = &m;
  spec.colormap = Colormap::rdbu_r;
  HeatmapGeometry g;
  const Image img = render_heatmap(spec, font, &g);
  REQUIRE(g.values_written);
  auto channel_range = [&](int c) {
    int lo = 255, hi = 0;
    for (int y = g.cell_top(0) + 2; y < g.cell_top(1) - 2; ++y)
      for (int x = g.cell_left(c) + 2; x < g.cell_left(c + 1) - 2; ++x) {
        const int v = pixel(img, x, y).r;
        lo = std::min(lo, v), hi = std::max(hi, v);
      }
    return std::pair{lo, hi};
  };
  CHECK(channel_range(0).second > 200);  // "-1.00" in white on #053061 (red channel 5)
  CHECK(channel_range(1).first < 60);    // "0.00" in black on #f7f7f7
}

TEST_CASE("png: pooling takes block means, leaving masked cells out", "[png]") {
  CHECK(pool_block(2048, 512) == 4);
  CHECK(pool_block(512, 512) == 1);
  CHECK(pool_block(513, 512) == 2);  // 257 cells, the last one token wide
  CHECK(pool_block(5000, 0) == 1);   // 0: never pool
  Matrix m(4, 4);
  m << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16;
  const Matrix p = pool_mean(m, 2, 2);
  REQUIRE(p.rows() == 2);
  REQUIRE(p.cols() == 2);
  CHECK(p(0, 0) == 3.5f);   // (1 + 2 + 5 + 6) / 4
  CHECK(p(0, 1) == 5.5f);   // (3 + 4 + 7 + 8) / 4
  CHECK(p(1, 0) == 11.5f);  // (9 + 10 + 13 + 14) / 4
  CHECK(p(1, 1) == 13.5f);  // (11 + 12 + 15 + 16) / 4
  // 3 does not divide 4: blocks of 3 and of 1.
  const Matrix q = pool_mean(m, 3, 4);
  REQUIRE(q.rows() == 2);
  REQUIRE(q.cols() == 1);
  CHECK(q(0, 0) == 6.5f);   // mean of 1..12
  CHECK(q(1, 0) == 14.5f);  // mean of 13..16
  // Causal: a block on the diagonal averages only its unmasked cells; a
  // block above it, all masked, stays masked (drawn hatched).
  Matrix c(4, 4);
  c << 1.0f, -kInf, -kInf, -kInf, 0.25f, 0.75f, -kInf, -kInf, 0.5f, 0.5f, 0.0f, -kInf, 0.25f, 0.25f, 0.25f, 0.25f;
  const Matrix pc = pool_mean(c, 2, 2);
  CHECK(pc(0, 0) == 2.0f / 3.0f);  // (1 + 0.25 + 0.75) / 3
  CHECK(pc(0, 1) == -kInf);
  CHECK(pc(1, 0) == 0.375f);       // (0.5 + 0.5 + 0.25 + 0.25) / 4
  CHECK(pc(1, 1) == 0.5f / 3.0f);  // (0 + 0.25 + 0.25) / 3
  const Matrix same = pool_mean(m, 1, 1);
  CHECK(same == m);
}

TEST_CASE("png: long token labels are cut at 16 columns, CJK counting double", "[png]") {
  CHECK(kMaxLabelColumns == 16);
  // 12 CJK characters are 24 columns: 7 of them (14) and "…" (1) fit in 16, 8 would need 17.
  const std::string cut = token_label("芝士薯条芝士薯条芝士薯条");
  CHECK(cut == "芝士薯条芝士薯\u2026");
  CHECK(utf8::width(cut) == 15);
  CHECK(token_label("芝士薯条芝士薯条") == "芝士薯条芝士薯条");  // 16 columns: kept whole
  CHECK(token_label("internationalization") == "internationaliz\u2026");  // 15 letters + "…"
  CHECK(token_label("abcdefghijklmnop") == "abcdefghijklmnop");
  CHECK(token_label("a\xFF") == "a?");  // not UTF-8: drawn as '?'
  CHECK(token_label("") == "");
}

TEST_CASE("png: a grid of heads is balanced and shares one colour bar", "[png]") {
  Matrix m(3, 3);
  m << 0.1f, 0.2f, 0.7f, 0.3f, 0.3f, 0.4f, 0.5f, 0.25f, 0.25f;
  Matrix other = m * 0.5f;
  HeatmapSpec spec;
  spec.values = &m;
  spec.vmin = 0.0f, spec.vmax = 1.0f;
  spec.colorbar = false;
  HeatmapGeometry one;
  const Image panel = render_heatmap(spec, nullptr, &one);  // what each panel is, without a font
  const ColorBarSpec bar{{0.0f, 1.0f}, "attention weight", 160, false};
  auto grid_of = [&](std::vector<std::pair<int, int>> where) {
    std::vector<GridPanel> panels;
    for (auto [layer, head] : where) panels.push_back({layer, head, spec});
    return heatmap_grid(panels, "", nullptr);
  };
  // 12 heads: 4 columns x 3 rows (not 12 in one row, nor 3 x 4), then the bar.
  std::vector<std::pair<int, int>> twelve;
  for (int h = 0; h < 12; ++h) twelve.push_back({0, h});
  const Image g12 = grid_of(twelve);
  const int body_w = 4 * panel.width + 3 * 24;
  CHECK(g12.width == body_w + 24 + colorbar_width(bar, nullptr) + kMargin);
  CHECK(g12.height == 3 * panel.height + 2 * 24);
  // 3 heads: one row; 8 heads: 4 + 4.
  CHECK(grid_of({{0, 0}, {0, 1}, {0, 2}}).width == 3 * panel.width + 2 * 24 + 24 + colorbar_width(bar, nullptr) +
                                                         kMargin);
  std::vector<std::pair<int, int>> eight;
  for (int h = 0; h < 8; ++h) eight.push_back({0, h});
  CHECK(grid_of(eight).width == body_w + 24 + colorbar_width(bar, nullptr) + kMargin);
  // Two layers of 3 heads: one row per layer, one column per head.
  const Image lh = grid_of({{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}});
  CHECK(lh.width == 3 * panel.width + 2 * 24 + 24 + colorbar_width(bar, nullptr) + kMargin);
  CHECK(lh.height == 2 * panel.height + 24);
  CHECK_THROWS_AS(heatmap_grid({}, "", nullptr), InputError);

  // The second panel is drawn with the first one's range, whatever its own:
  // cell (0, 2) of `other` is 0.35, coloured as 0.35 on 0..1.
  HeatmapSpec own = spec;
  own.values = &other;
  own.vmin.reset(), own.vmax.reset();  // alone it would span 0.05..0.35
  const Image two = heatmap_grid({{0, 0, spec}, {0, 1, own}}, "", nullptr);
  const int x = panel.width + 24 + one.cell_center_x(2), y = one.cell_center_y(0);
  CHECK(pixel(two, x, y) == viridis(0.35f));
}

TEST_CASE("png: --png-steps names, and the pictures of each step", "[png]") {
  using mha::StepName;
  CHECK(mha::picture_steps_from_list("softmax") == std::vector<StepName>{StepName::softmax});
  // In the order of the steps, each once; weights is softmax.
  CHECK(mha::picture_steps_from_list("weights,scores,softmax,") ==
        std::vector<StepName>{StepName::scores, StepName::softmax});
  CHECK(mha::picture_steps_from_list("mask,scale,scores") ==
        std::vector<StepName>{StepName::scores, StepName::scale, StepName::mask});
  CHECK_THROWS_WITH(mha::picture_steps_from_list("softmax,bogus"),
                    "--png-steps: unknown step 'bogus'; expected scores, scale, mask or softmax (weights is softmax), "
                    "e.g. scores,softmax");
  CHECK_THROWS_AS(mha::picture_steps_from_list("context"), InputError);  // a step, but not a picture
  CHECK_THROWS_AS(mha::picture_steps_from_list(""), InputError);
  CHECK_THROWS_AS(mha::picture_steps_from_list(","), InputError);

  const mha::Trace trace = mha::explain_sentence("我 喜欢 吃 芝士 薯条", mha::Config{});
  mha::PictureOptions options;
  options.steps = {StepName::scores, StepName::mask, StepName::softmax};
  std::vector<std::string> names;
  for (const auto& p : mha::attention_pictures(trace, nullptr, options)) names.push_back(p.file_name);
  // No mask in this run: its pictures are left out, with a warning.
  CHECK(names == std::vector<std::string>{"layer0-head0-scores.png", "layer0-head1-scores.png",
                                          "layer0-all-heads-scores.png", "layer0-head0-softmax.png",
                                          "layer0-head1-softmax.png", "layer0-all-heads-softmax.png"});
  CHECK(mha::picture_warnings(trace, options).size() == 1);
  CHECK(mha::to_string(mha::picture_scale_from_string("auto")) == "auto");
  CHECK_THROWS_AS(mha::picture_scale_from_string("log"), InputError);
}

TEST_CASE("png: a long sentence is pooled to at most 512 cells a side", "[png]") {
  // 1030 tokens: blocks of ceil(1030 / 512) = 3, so 344 cells, 2 px each
  // (auto_cell_size: 720 / 344). Without pooling 1030 cells would be 1 px.
  std::string text;
  for (int i = 0; i < 1030; ++i) text += (i ? " t" : "t") + std::to_string(i);
  mha::Config config;
  config.d_model = 8, config.heads = 1;
  const mha::Trace trace = mha::explain_sentence(text, config);
  const auto pictures = mha::attention_pictures(trace, nullptr);
  REQUIRE(pictures.size() == 1);
  const Image img = decode(pictures[0].png);
  CHECK(img.width == kMargin + 344 * 2 + 24 + kColorBarWidth + 5 + kMargin);
}
