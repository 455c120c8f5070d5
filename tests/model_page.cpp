// Writes --model-shaped HTML pages for tests/browser_view.sh, until a real
// checkpoint can be loaded in the tests (their numbers come from toy layers
// and made-up weights: tests/model_trace_fixture.hpp, model_views_fixture.hpp).
//   model_page OUT_DIR
// gpt2.html: 3 layers × 4 heads, "the cat sat on the mat", with predictions,
// rollout and head statistics; bert.html: 2 × 2, non-causal, a second
// segment (token types 0 0 0 1 1 1); gpt2-large.html: 12 × 12 heads of 128 tokens.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "mha/views/html/html_view.hpp"
#include "model_views_fixture.hpp"

namespace {

void write(const std::filesystem::path& path, mha::Trace trace) {
  mha::testing::add_rollout(trace);
  mha::testing::add_head_stats(trace);
  const mha::TableStyle style;
  std::ofstream(path, std::ios::binary) << mha::trace_to_html(trace, mha::explanation(trace, mha::Lang::en, style),
                                                              style);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: model_page OUT_DIR\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  write(dir / "gpt2.html", mha::testing::synthetic_model_trace(3, 4));
  mha::Trace bert = mha::testing::synthetic_model_trace(2, 2, false, "[CLS] a cat [SEP] it sat");
  bert.model->token_types = {0, 0, 0, 0, 1, 1};
  write(dir / "bert.html", std::move(bert));
  write(dir / "gpt2-large.html", mha::testing::random_model_trace(12, 12, 128));
  return 0;
}
