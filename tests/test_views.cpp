#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include <regex>

#include "mha/core/error.hpp"
#include "mha/explain/document.hpp"
#include "mha/views/html/html_view.hpp"
#include "mha/views/report/report.hpp"
#include "mha/views/terminal/explain.hpp"
#include "model_views_fixture.hpp"
#include "mha/io/output_set.hpp"
#include "mha/pipeline.hpp"
#include "mha/explain/table.hpp"
#include "mha/text/utf8.hpp"

namespace fs = std::filesystem;

TEST_CASE("tables stay aligned with Chinese labels", "[views]") {
  mha::LabelledMatrix m{mha::Matrix::Constant(3, 3, -0.5f), {"我", "喜欢", "a"}, {"我", "喜欢", "a"}};
  const std::string text = mha::format_table(m, {}).text;
  std::vector<int> widths;
  std::size_t start = 0;
  for (auto end = text.find('\n'); end != std::string::npos; start = end + 1, end = text.find('\n', start))
    widths.push_back(mha::utf8::width(text.substr(start, end - start)));
  REQUIRE(widths.size() == 4);  // header + 3 rows
  // Every cell is right-aligned to the same width, so every line ends at the same column.
  CHECK(widths[1] == widths[0]);
  CHECK(widths[2] == widths[0]);
  CHECK(widths[3] == widths[0]);
}

TEST_CASE("wide tables are abbreviated and say so", "[views]") {
  mha::Config cfg;
  cfg.d_model = 64;
  cfg.heads = 4;
  const auto t = mha::explain_sentence("我 喜欢 吃", cfg);
  const std::string text = mha::explain(t, {});
  CHECK_THAT(text, Catch::Contains("(showing 8 of 64 columns; --max-cols 0 prints all)"));
  mha::ExplainOptions all;
  all.table.max_cols = 0;
  CHECK_THAT(mha::explain(t, all), !Catch::Contains("showing 8 of 64"));
}

TEST_CASE("the explanation names every step and corrects the article", "[views]") {
  mha::Config cfg;
  cfg.causal = true;
  const auto t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg);
  const std::string en = mha::explain(t, {});
  for (auto s : mha::kLayerSteps)  // rope only with --positional rope ("the explanation walks rope" below)
    if (s != mha::StepName::rope) CHECK_THAT(en, Catch::Contains("] " + std::string(mha::to_string(s))));
  CHECK_THAT(en, Catch::Contains("heads divide the feature columns, not the sentence"));
  CHECK_THAT(en, Catch::Contains("head 1 owns feature columns 4–7"));
  mha::ExplainOptions zh;
  zh.lang = mha::Lang::zh;
  CHECK_THAT(mha::explain(t, zh), Catch::Contains("多头切分的是特征列，而不是句子"));
}

namespace {

// The numbered step sections of a document, the parts' steps included.
int steps_in(const std::vector<mha::Section>& sections) {
  int n = 0;
  for (const mha::Section& s : sections) n += (s.part == mha::Part::step) + steps_in(s.subsections);
  return n;
}

std::size_t matches(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern, std::regex::multiline);
  return static_cast<std::size_t>(std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

}  // namespace

TEST_CASE("one explanation, three layouts: the text, the report and the page show the same steps", "[views]") {
  mha::Config cfg;
  cfg.causal = true;
  const mha::Trace toy = mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg);
  const mha::Trace model = mha::testing::synthetic_model_trace(2, 4);
  // A toy run: 7 steps before the heads, 8 per head (2), concat and output: 25.
  // The synthetic model keeps no step outside its heads' softmax and captures
  // two layers, so only tokenize is numbered.
  for (const auto& [trace, steps] : {std::pair{&toy, 25}, std::pair{&model, 1}}) {
    // Named: GCC 12 warns falsely of an uninitialised member for a `{}` argument.
    const mha::TableStyle style;
    const mha::ExplainOptions text_options;
    const mha::ReportOptions report_options;
    const mha::Document doc = mha::explanation(*trace, mha::Lang::en, style);
    CHECK(steps_in(doc.sections) == steps);
    // Each layout numbers them: "[14] softmax · head 0", "### 14. softmax · head 0", "<span class="number">[14]</span>".
    const std::string text = mha::explanation_text(doc, text_options);
    CHECK(matches(text, "^\\[[0-9]+\\] ") == static_cast<std::size_t>(steps));
    CHECK(matches(mha::report_markdown(doc, report_options), "^##+ [0-9]+\\. ") == static_cast<std::size_t>(steps));
    CHECK(matches(mha::trace_to_html(*trace, doc, style), "<span class=\"number\">\\[[0-9]+\\]</span>") ==
          static_cast<std::size_t>(steps));
    // The text is the same as explain()'s, which builds the document itself.
    CHECK(text == mha::explain(*trace, text_options));
  }
  // The document shows the trace's own matrices, not copies: a step's result
  // is its tensor; the softmax's also carries the weights with the masked cells −∞.
  const mha::Document doc = mha::explanation(toy, mha::Lang::en, mha::TableStyle());
  const mha::Section& head0 = doc.sections[7];  // after tokenize, embed … project_v and the split
  REQUIRE(head0.part == mha::Part::head);
  const mha::Section& softmax = head0.subsections[6];
  REQUIRE(softmax.step == mha::StepName::softmax);
  const auto& weights = std::get<mha::MatrixBlock>(softmax.blocks[2]);
  CHECK(weights.matrix == &toy.find(mha::StepName::softmax, 0)->tensor);
  REQUIRE(weights.weights);
  CHECK(std::isinf(weights.weights->value(0, 4)));  // causal: 我 may not look at 薯条
  CHECK(weights.matrix->value(0, 4) == 0.0f);
}

TEST_CASE("OutputSet writes everything or nothing", "[views]") {
  const fs::path root = fs::temp_directory_path() / "mha-output-set-test";
  fs::remove_all(root);
  fs::create_directories(root);
  std::ofstream(root / "blocker") << "a file where a folder is needed";

  mha::OutputSet bad;
  bad.add(root / "new" / "a.txt", "first");
  bad.add(root / "blocker" / "b.txt", "cannot be written: blocker is a file");
  CHECK_THROWS_AS(bad.commit(), mha::IoError);
  CHECK_FALSE(fs::exists(root / "new"));  // the folder it created is gone again
  CHECK(std::distance(fs::directory_iterator(root), fs::directory_iterator()) == 1);

  mha::OutputSet good;
  good.add(root / "new" / "deep" / "a.txt", "hello");
  good.commit();
  std::ifstream in(root / "new" / "deep" / "a.txt");
  std::string s;
  in >> s;
  CHECK(s == "hello");
  fs::remove_all(root);
}
