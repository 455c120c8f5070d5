#include <catch2/catch.hpp>

#include "mha/pipeline.hpp"
#include "mha/report.hpp"
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
  const std::string md = mha::report_markdown(t, {});
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
