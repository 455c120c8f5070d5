#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "mha/core/error.hpp"
#include "mha/views/terminal/explain.hpp"
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
  for (auto s : mha::kLayerSteps) CHECK_THAT(en, Catch::Contains("] " + std::string(mha::to_string(s))));
  CHECK_THAT(en, Catch::Contains("heads divide the feature columns, not the sentence"));
  CHECK_THAT(en, Catch::Contains("head 1 owns feature columns 4–7"));
  mha::ExplainOptions zh;
  zh.lang = mha::Lang::zh;
  CHECK_THAT(mha::explain(t, zh), Catch::Contains("多头切分的是特征列，而不是句子"));
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
