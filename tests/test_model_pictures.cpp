// The pictures of --model traces (src/mha/views/pictures/pictures.cpp, png/panels.cpp):
// which files a run makes, their titles, the layers × heads grid's layout and
// colours, the rollout, masked cells without a mask step, and pooling at the
// three sizes. Traces from tests/model_trace_fixture.hpp (toy layers tagged as
// blocks) and tests/model_views_fixture.hpp (made-up weights of any size).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "mha/core/error.hpp"
#include "mha/views/common/index_list.hpp"
#include "mha/views/pictures/pictures.hpp"
#include "mha/views/png/colorbar.hpp"
#include "mha/views/png/font.hpp"
#include "mha/views/png/heatmap.hpp"
#include "mha/views/png/text.hpp"
#include "mha/views/terminal/heatmap.hpp"
#include "model_views_fixture.hpp"

using namespace mha;
using mha::testing::synthetic_model_trace;

namespace {

std::vector<std::string> names_of(const std::vector<Picture>& pictures) {
  std::vector<std::string> names;
  for (const auto& p : pictures) names.push_back(p.file_name);
  return names;
}

const Picture& named(const std::vector<Picture>& pictures, const std::string& name) {
  for (const auto& p : pictures)
    if (p.file_name == name) return p;
  FAIL("no picture " << name);
  return pictures.front();
}

// Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian).
std::pair<int, int> png_size(const std::string& png) {
  REQUIRE(png.size() > 24);
  auto be32 = [&](std::size_t at) {
    int v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(png[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

const png::Font* font_or_null() {
  static const std::optional<png::Font> font = []() -> std::optional<png::Font> {
    if (auto path = png::find_system_font()) return png::Font::load(*path);
    return std::nullopt;
  }();
  return font ? &*font : nullptr;
}

}  // namespace

TEST_CASE("model pictures: a 2-layer, 4-head run's files, in order, and their titles", "[png][model]") {
  Trace t = synthetic_model_trace(2, 4);  // GPT-2-shaped, causal, 6 tokens, d_k = 4
  testing::add_rollout(t);
  const auto pictures = attention_pictures(t, nullptr);
  CHECK(names_of(pictures) == std::vector<std::string>{
                                  "layer0-head0-softmax.png", "layer0-head1-softmax.png", "layer0-head2-softmax.png",
                                  "layer0-head3-softmax.png", "layer0-all-heads-softmax.png",
                                  "layer1-head0-softmax.png", "layer1-head1-softmax.png", "layer1-head2-softmax.png",
                                  "layer1-head3-softmax.png", "layer1-all-heads-softmax.png",
                                  "layers-x-heads-softmax.png", "rollout.png"});
  CHECK(named(pictures, "layer1-head2-softmax.png").title ==
        "GPT-2 · layer 1 · head 2 · softmax weights A_2 (d_k = 4, causal mask)");
  CHECK(named(pictures, "layer1-all-heads-softmax.png").title == "GPT-2 · layer 1 · all 4 heads · softmax weights");
  CHECK(named(pictures, "layers-x-heads-softmax.png").title == "GPT-2 · layers 0, 1 × heads 0–3 · softmax weights");
  CHECK(named(pictures, "rollout.png").title == "GPT-2 · attention rollout, layers 0, 1");
  for (const auto& p : pictures) CHECK(p.png.substr(1, 3) == "PNG");

  // BERT: no mask, no rollout unless the trace has one.
  const Trace bert = synthetic_model_trace(3, 2, false);
  const auto b = attention_pictures(bert, nullptr);
  CHECK(b.size() == 3 * 3 + 1);  // 3 × (2 heads + grid) + layers × heads
  CHECK(named(b, "layer2-head1-softmax.png").title == "BERT · layer 2 · head 1 · softmax weights A_1 (d_k = 8)");
  CHECK(named(b, "layers-x-heads-softmax.png").title == "BERT · layers 0–2 × heads 0, 1 · softmax weights");
  // The same trace, the same bytes.
  CHECK(attention_pictures(bert, nullptr)[4].png == b[4].png);
}

TEST_CASE("model pictures: a picture per head only for a part of a large model, unless asked", "[png][model]") {
  ModelInfo info;
  for (auto [type, title] : {std::pair{"gpt2", "GPT-2"}, {"bert", "BERT"}, {"llama", "llama"}}) {
    info.type = type;
    CHECK(model_title(info) == title);
  }
  CHECK(index_list({3}) == "3");
  CHECK(index_list({0, 1}) == "0, 1");
  CHECK(index_list({0, 1, 2, 3}) == "0–3");
  CHECK(index_list({0, 5, 11}) == "0, 5, 11");
  CHECK(index_list({}) == "");
  CHECK(head_pictures_from_string("auto") == HeadPictures::automatic);
  CHECK(to_string(head_pictures_from_string("all")) == "all");
  CHECK(to_string(HeadPictures::none) == "none");
  CHECK_THROWS_AS(head_pictures_from_string("some"), InputError);

  // GPT-2 small, every head captured: 12 layer grids and the layers × heads grid.
  const Trace all = testing::random_model_trace(12, 12, 4);
  PictureOptions options;
  CHECK(attention_pictures(all, nullptr, options).size() == 13);
  options.head_pictures = HeadPictures::all;
  CHECK(attention_pictures(all, nullptr, options).size() == 13 + 144);
  // --layers 0,1,2 of the 12: those heads get their pictures by default.
  Trace some = testing::random_model_trace(3, 12, 4);
  some.model->layers = 12;
  options.head_pictures = HeadPictures::automatic;
  CHECK(attention_pictures(some, nullptr, options).size() == 36 + 3 + 1);
  options.head_pictures = HeadPictures::none;
  CHECK(names_of(attention_pictures(some, nullptr, options)) ==
        std::vector<std::string>{"layer0-all-heads-softmax.png", "layer1-all-heads-softmax.png",
                                 "layer2-all-heads-softmax.png", "layers-x-heads-softmax.png"});
  // One layer: no layers × heads grid (the layer's grid is the same picture).
  const Trace one = synthetic_model_trace(1, 4);
  CHECK(names_of(attention_pictures(one, nullptr)).back() == "layer0-all-heads-softmax.png");
}

TEST_CASE("model pictures: the layers × heads grid, a panel per head, one colour bar", "[png][model]") {
  const Trace t = synthetic_model_trace(2, 4);  // 6 tokens
  std::vector<Matrix> values;
  for (int l = 0; l < 2; ++l)
    for (int h = 0; h < 4; ++h) values.push_back(weights_with_masked_cells(t, h, l).value);
  std::vector<png::GridPanel> panels;
  for (int i = 0; i < 8; ++i) {
    png::GridPanel p{i / 4, i % 4, {}};
    p.spec.values = &values[static_cast<std::size_t>(i)];
    p.spec.vmin = 0.0f, p.spec.vmax = 0.5f;
    panels.push_back(p);
  }
  png::LayerHeadGridGeometry g;
  const png::Image img = png::layers_heads_grid(panels, "", "", nullptr, &g);
  CHECK(g.layers == std::vector<int>{0, 1});
  CHECK(g.heads == std::vector<int>{0, 1, 2, 3});
  // 6 tokens: cells of 128 / 6 = 21 px, panels of 126 px, 8 px apart.
  CHECK(g.panel_w == 126);
  CHECK(g.panel_h == 126);
  // Below the margin, what the colour bar draws above its top: the triangle
  // that says some weights (1 in row 0) lie beyond the range's 0.5.
  const png::ColorBarSpec bar{{0.0f, 0.5f}, "attention weight", 260, true, true, false};
  const int top = png::kMargin + png::colorbar_above(bar, nullptr);
  CHECK(g.column_x == std::vector<int>{png::kMargin, png::kMargin + 134, png::kMargin + 268, png::kMargin + 402});
  CHECK(g.row_y == std::vector<int>{top, top + 134});
  CHECK(g.bar_y == top);
  CHECK(g.bar_h == 2 * 126 + 8);
  CHECK(img.width == png::kMargin + 4 * 126 + 3 * 8 + 24 + png::colorbar_width(bar, nullptr) + png::kMargin);
  CHECK(img.width == 615);
  CHECK(img.height == top + 2 * 126 + 8 + png::colorbar_below(bar, nullptr) + png::kMargin);
  // Each cell in the colour of its value on the shared 0 … 0.5 range (here
  // cell (5, 2) of layer 1, head 2), masked cells (after the query) grey.
  const png::ColorScale scale{0.0f, 0.5f, png::Colormap::viridis};
  const float v = values[6](5, 2);
  CHECK(png::pixel(img, g.column_x[2] + 2 * 21 + 10, g.row_y[1] + 5 * 21 + 10) == scale.colour(v));
  const png::Rgb masked = png::pixel(img, g.column_x[2] + 5 * 21 + 10, g.row_y[1] + 0 * 21 + 10);
  CHECK(masked.r == masked.g);
  CHECK(masked.g == masked.b);
  CHECK(masked.r > 150);
  CHECK_THROWS_AS(png::layers_heads_grid({}, "", "", nullptr), InputError);

  // With a font: the labels take room on the left and on top, and the
  // picture of a run is that size.
  if (const png::Font* font = font_or_null()) {
    png::LayerHeadGridGeometry labelled;
    const png::Image with_text = png::layers_heads_grid(panels, "title", "subtitle", font, &labelled);
    CHECK(labelled.column_x[0] > g.column_x[0]);  // "layer 1" left of the panels
    CHECK(labelled.row_y[0] > g.row_y[0]);        // title, subtitle, "head 0" above them
    int ink = 0;  // the label "layer 0" beside the first row
    for (int x = png::kMargin; x < labelled.column_x[0] - 8; ++x)
      for (int y = labelled.row_y[0]; y < labelled.row_y[0] + 126; ++y) ink += png::pixel(with_text, x, y) != png::kWhite;
    CHECK(ink > 20);
  }
  // A run's picture has these panels (its colour range is its own).
  const auto run = attention_pictures(t, nullptr);
  CHECK(png_size(named(run, "layers-x-heads-softmax.png").png).first == img.width);
}

TEST_CASE("model pictures: masked cells come from the config when no mask step was kept", "[png][model]") {
  // A default model run keeps only the softmax: A holds 0 after each query
  // (GPT-2) and at padding keys, which the views draw as masked.
  const Trace gpt2 = synthetic_model_trace(2, 4);
  REQUIRE(gpt2.find(StepName::mask, 0, {}, 1) == nullptr);
  const Matrix a = weights_with_masked_cells(gpt2, 3, 1).value;
  CHECK(std::isinf(a(0, 1)));
  CHECK(std::isinf(a(2, 5)));
  CHECK(std::isfinite(a(5, 2)));
  CHECK(std::isfinite(a(3, 3)));
  CHECK(a(1, 0) == gpt2.find(StepName::softmax, 3, {}, 1)->tensor.value(1, 0));
  Trace bert = synthetic_model_trace(2, 4, false, "[CLS] a b [SEP] [PAD]");
  bert.key_padding = {false, false, false, false, true};
  const Matrix b = weights_with_masked_cells(bert, 0, 0).value;
  for (Index q = 0; q < 5; ++q) {
    CHECK(std::isinf(b(q, 4)));
    CHECK(std::isfinite(b(q, 3)));
  }
  CHECK_THROWS_WITH(weights_with_masked_cells(bert, 0, 7), "the trace has no softmax step for head 0 of layer 7");
  // A toy run (no --model) keeps its mask step; with none, nothing is masked.
  const Trace toy = explain_sentence("a b c", Config{});
  CHECK(weights_with_masked_cells(toy, 1).value.allFinite());
}

TEST_CASE("model pictures: steps the trace did not keep are a warning; those it kept are drawn", "[png][model]") {
  PictureOptions options;
  options.steps = {StepName::scores, StepName::softmax};
  const Trace softmax_only = synthetic_model_trace(2, 2);
  const auto warnings = picture_warnings(softmax_only, options);
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::StartsWith("warning: --png-steps scores: the trace kept no such step"));
  CHECK(attention_pictures(softmax_only, nullptr, options).size() == 2 * 3 + 1);

  const Trace every_step = synthetic_model_trace(2, 2, true, "the cat sat on the mat", true);
  options.steps = {StepName::scores, StepName::mask, StepName::softmax};
  CHECK(picture_warnings(every_step, options).empty());
  const auto names = names_of(attention_pictures(every_step, nullptr, options));
  CHECK(names.size() == 3 * 7);
  CHECK(names[6] == "layers-x-heads-scores.png");
  CHECK(names[13] == "layers-x-heads-mask.png");
  CHECK(names[20] == "layers-x-heads-softmax.png");
}

TEST_CASE("model pictures: long inputs are pooled for each picture's size", "[png][model]") {
  // 300 tokens: a head's own picture keeps every token (≤ 512), a layer's
  // grid pools to ≤ 256 cells (blocks of 2), the layers × heads grid to
  // ≤ 128 (blocks of 3: 100 cells of 1 px).
  Trace t = testing::random_model_trace(2, 2, 300);
  testing::add_rollout(t);
  const auto pictures = attention_pictures(t, nullptr);
  CHECK(named(pictures, "layer1-head0-softmax.png").title.find("pooled") == std::string::npos);
  CHECK_THAT(named(pictures, "layer1-all-heads-softmax.png").title, Catch::EndsWith("mean-pooled 2×2"));
  CHECK_THAT(named(pictures, "layers-x-heads-softmax.png").title, Catch::EndsWith("mean-pooled 3×3"));
  const png::ColorBarSpec bar{{0.0f, 1.0f}, "attention weight", 208, true, false, false};
  CHECK(png_size(named(pictures, "layers-x-heads-softmax.png").png).first ==
        png::kMargin + 2 * 100 + 8 + 24 + png::colorbar_width(bar, nullptr) + png::kMargin);
  // The rollout: rows sum to 1, and it is drawn like one head.
  for (Index q = 0; q < 300; q += 37) CHECK(t.rollout->value.row(q).sum() == Approx(1.0f).epsilon(1e-4));
  CHECK(png_size(named(pictures, "rollout.png").png) == png_size(named(pictures, "layer0-head0-softmax.png").png));
}
