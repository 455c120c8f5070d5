#include <catch2/catch.hpp>

#include "mha/model/analysis.hpp"
#include "mha/pipeline.hpp"
#include "mha/views/report/report.hpp"
#include "model_trace_fixture.hpp"
#include "text_lines.hpp"

namespace {

// The level of each heading ("## x" is 2), in order.
std::vector<int> heading_levels(const std::string& md) {
  std::vector<int> levels;
  for (const auto& l : text_lines(md)) {
    const std::size_t hashes = l.find_first_not_of('#');
    if (hashes > 0 && hashes != std::string::npos && l[hashes] == ' ') levels.push_back(static_cast<int>(hashes));
  }
  return levels;
}

// Table cells are separated by the "|" that have no backslash before them.
int cell_separators(const std::string& line) {
  int n = 0;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++n;
  return n;
}

mha::ReportOptions with_pictures(mha::Lang lang) {
  mha::ReportOptions o;
  o.lang = lang;
  o.pictures = {"layer0-head0-softmax.png", "layer0-head1-softmax.png", "layer0-all-heads-softmax.png"};
  return o;
}

// A model run's pictures as the picture code names them (pictures.hpp).
mha::ReportOptions model_pictures(mha::Lang lang) {
  mha::ReportOptions o;
  o.lang = lang;
  for (int l = 0; l < 2; ++l) {
    for (int h = 0; h < 4; ++h) o.pictures.push_back("layer" + std::to_string(l) + "-head" + std::to_string(h) + "-softmax.png");
    o.pictures.push_back("layer" + std::to_string(l) + "-all-heads-softmax.png");
  }
  o.pictures.push_back("layers-x-heads-softmax.png");
  o.pictures.push_back("rollout.png");
  o.pictures.push_back("something-new.png");
  return o;
}

mha::Trace model_trace() {
  mha::Trace t = mha::testing::synthetic_model_trace(2, 4);
  std::vector<mha::Matrix> means;
  for (int l : t.layers()) {
    mha::Matrix mean = mha::Matrix::Zero(6, 6);
    for (int h = 0; h < 4; ++h) mean += 0.25f * t.find(mha::StepName::softmax, h, {}, l)->tensor.value;
    means.push_back(mean);
  }
  t.rollout = mha::attention_rollout(means, t.token_labels());
  return t;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("the report has the same headings in English and Chinese", "[report]") {
  mha::Config cfg;
  cfg.causal = true;
  const auto t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg);
  const auto en = heading_levels(mha::report_markdown(t, with_pictures(mha::Lang::en)));
  const auto zh = heading_levels(mha::report_markdown(t, with_pictures(mha::Lang::zh)));
  // 1 title; tokenize, embed, position, project_q/k/v, split_heads: 7; per
  // head its heading, 3 slices, scores, scale, mask, softmax, context: 9;
  // concat, output, summary: 3. With 2 heads: 1 + 7 + 18 + 3 = 29.
  CHECK(en.size() == 29);
  CHECK(en == zh);
  CHECK(std::count(en.begin(), en.end(), 1) == 1);  // one title
  CHECK(std::count(en.begin(), en.end(), 3) == 16);  // 8 steps in each of the 2 heads
}

TEST_CASE("the report embeds each head's picture in its head's section", "[report]") {
  const auto t = mha::explain_sentence("我 喜欢 吃", {});
  auto o = with_pictures(mha::Lang::en);
  o.picture_dir = "pics";
  const std::string md = mha::report_markdown(t, o);
  const auto head1 = md.find("## Head 1"), summary = md.find("## Summary");
  const auto p0 = md.find("](pics/layer0-head0-softmax.png)"), p1 = md.find("](pics/layer0-head1-softmax.png)");
  const auto all = md.find("](pics/layer0-all-heads-softmax.png)");
  REQUIRE(p0 != std::string::npos);
  REQUIRE(p1 != std::string::npos);
  REQUIRE(all != std::string::npos);
  CHECK(p0 < head1);
  CHECK((head1 < p1 && p1 < summary));
  CHECK(all > summary);
  CHECK_THAT(md, Catch::Contains("![Attention weights of head 1 (rows: query token; columns: key token)]"));
}

TEST_CASE("report tables stay tables: escaped labels, cut like the terminal's", "[report]") {
  mha::Config cfg;
  cfg.d_model = 64;
  cfg.heads = 4;
  // "a|b" would end a cell early and "<pad>" would be read as HTML if not escaped.
  const auto t = mha::explain_sentence("a|b <pad> c", cfg);
  const mha::ReportOptions defaults;  // named: GCC 12 warns falsely of an uninitialised member for a `{}` argument here
  const std::string md = mha::report_markdown(t, defaults);
  CHECK_THAT(md, Catch::Contains("| a\\|b |"));
  CHECK_THAT(md, Catch::Contains("| \\<pad\\> |"));
  CHECK_THAT(md, Catch::Contains("(showing 8 of 64 columns; --max-cols 0 prints all)"));
  // Every line of a table has as many cells as its header line. A d_model-wide
  // one shows 8 columns, the "…" column and the labels: 11 separators.
  int header = -1, wide_tables = 0;
  for (const auto& l : text_lines(md)) {
    if (!l.starts_with("|")) {
      header = -1;
      continue;
    }
    if (header < 0) {
      header = cell_separators(l);
      wide_tables += header == 11;
    }
    CHECK(cell_separators(l) == header);
  }
  CHECK(wide_tables > 0);
  CHECK(mha::markdown_escape("x_1 * <b>") == "x\\_1 \\* \\<b\\>");
}

TEST_CASE("a model report has the explanation's parts, with the same headings in both languages", "[report]") {
  const mha::Trace t = model_trace();
  const std::string en = mha::report_markdown(t, model_pictures(mha::Lang::en));
  const std::string zh = mha::report_markdown(t, model_pictures(mha::Lang::zh));
  // title; tokenize, the layer, 2 head tables, roles, head metrics, rollout, next token, more pictures.
  CHECK(heading_levels(en) == std::vector<int>{1, 2, 2, 2, 2, 2, 2, 2, 2, 2});
  CHECK_THAT(en, Catch::Contains("## Head metrics, highest first"));
  CHECK(heading_levels(zh) == heading_levels(en));
  CHECK_THAT(en, Catch::Contains("## Layer 0: 4 heads\n\n| head | entropy / max (bits) | role | where each token looks most |"));
  CHECK_THAT(zh, Catch::Contains("## 第 1 层：4 个头\n\n| 头 | 熵 / 最大值（比特） | 角色 | 每个词元最关注的词元 |"));
  CHECK_THAT(en, Catch::Contains("sees only a d\\_k = 4-wide slice of the features"));
  CHECK_THAT(zh, Catch::Contains("只看到特征中宽 d\\_k = 4 的一段切片"));
  CHECK_THAT(en, Catch::Contains("```\nh′ = h + attn(LN₁(h))\n"));
  CHECK_THAT(en, Catch::Contains("'mat' 40.0%, 'hat' 10.0%"));
  // The head tables stay tables: 5 cells a line, a row per head.
  int rows = 0;
  for (const auto& l : text_lines(en))
    if (l.starts_with("|")) {
      CHECK(cell_separators(l) == 5);
      ++rows;
    }
  CHECK(rows == 2 * (2 + 4));
  // No step is printed as a matrix.
  CHECK(count(en, "|---|---:|") == 0);
}

TEST_CASE("a model report places each picture once, where it belongs", "[report]") {
  const std::string md = mha::report_markdown(model_trace(), model_pictures(mha::Lang::en));
  for (const std::string& file : model_pictures(mha::Lang::en).pictures) {
    INFO(file);
    CHECK(count(md, "](png/" + file + ")") == 1);
  }
  const auto layer0 = md.find("## Layer 0"), layer1 = md.find("## Layer 1"), roles = md.find("## Roles of the heads");
  const auto rollout = md.find("## Attention rollout"), more = md.find("## More pictures of this run");
  auto at = [&](const std::string& file) { return md.find("](png/" + file + ")"); };
  CHECK((layer0 < at("layer0-all-heads-softmax.png") && at("layer0-all-heads-softmax.png") < layer1));
  CHECK((layer0 < at("layer0-head3-softmax.png") && at("layer0-head3-softmax.png") < layer1));
  CHECK_THAT(md, Catch::Contains("Each head on its own: [0](png/layer1-head0-softmax.png) · [1](png/layer1-head1-softmax.png)"));
  CHECK((layer1 < at("layer1-all-heads-softmax.png") && at("layer1-all-heads-softmax.png") < roles));
  CHECK((roles < at("layers-x-heads-softmax.png") && at("layers-x-heads-softmax.png") < rollout));
  CHECK((rollout < at("rollout.png") && at("rollout.png") < more));
  CHECK(more < at("something-new.png"));

  // One layer and one head captured: its steps in full, each picture under its step.
  mha::Trace one = mha::testing::synthetic_model_trace(2, 4, true, "the cat sat on the mat", true);
  std::vector<mha::Step> kept;
  for (const mha::Step& s : one.steps)
    if (s.layer == 1 && (!s.head || s.head == 2)) kept.push_back(s);
  one.steps = kept;
  one.model->captured_layers = {1};
  one.model->captured_heads = {2};
  mha::ReportOptions o;
  o.pictures = {"layer1-head2-scores.png", "layer1-head2-softmax.png"};
  const std::string d = mha::report_markdown(one, o);
  const auto scores = d.find(". scores · layer 1 · head 2"), softmax = d.find(". softmax · layer 1 · head 2");
  const auto context = d.find(". context · layer 1 · head 2");
  REQUIRE(context != std::string::npos);
  CHECK((scores < d.find("](png/layer1-head2-scores.png)") && d.find("](png/layer1-head2-scores.png)") < softmax));
  CHECK((softmax < d.find("](png/layer1-head2-softmax.png)") && d.find("](png/layer1-head2-softmax.png)") < context));
  CHECK_THAT(d, Catch::Contains("![Attention weights of head 2 (rows: query token; columns: key token)]"));
  CHECK_THAT(d, !Catch::Contains("## More pictures"));
}

TEST_CASE("a step's result is named only under its parameters; a toy run's pictures go under their steps", "[report]") {
  mha::Config cfg;
  // With sinusoidal positions P stands above X = E + P, so X is named; with
  // none the step has no parameter to show and X is not named.
  const auto with_p = mha::explain_sentence("我 喜欢 吃", cfg);
  cfg.positional = mha::Positional::none;
  const auto without_p = mha::explain_sentence("我 喜欢 吃", cfg);
  mha::ReportOptions o;
  o.pictures = {"layer0-head0-scores.png", "layer0-head0-softmax.png", "layer0-head1-scores.png",
                "layer0-head1-softmax.png", "layer0-all-heads-softmax.png"};
  const std::string md = mha::report_markdown(with_p, o);
  CHECK_THAT(md, Catch::Contains("`P` · [3 × 8]\n\n|"));
  CHECK_THAT(md, Catch::Contains("\n`X`:\n"));
  CHECK_THAT(mha::report_markdown(without_p, o), !Catch::Contains("`X`:"));
  // Head 0's scores picture under its scores step, its weights under the softmax, the rest under the summary.
  const auto scores = md.find("### 11. scores · head 0"), scale = md.find("### 12. scale · head 0");
  const auto softmax = md.find("### 14. softmax · head 0"), context = md.find("### 15. context · head 0");
  const auto summary = md.find("## Summary");
  REQUIRE(summary != std::string::npos);
  CHECK((scores < md.find("](png/layer0-head0-scores.png)") && md.find("](png/layer0-head0-scores.png)") < scale));
  CHECK((softmax < md.find("](png/layer0-head0-softmax.png)") && md.find("](png/layer0-head0-softmax.png)") < context));
  CHECK(md.find("](png/layer0-all-heads-softmax.png)") > summary);
  for (const std::string& file : o.pictures) CHECK(count(md, "](png/" + file + ")") == 1);
}
