// Pictures and the HTML page of a Llama-family --model run show which query
// heads share a key/value head: llama-tiny has 4 query heads and 2 key/value
// heads, so query head i reads key/value head i / 2.
#include <catch2/catch.hpp>

#include <filesystem>

#include "mha/model/analysis.hpp"
#include "mha/model/model.hpp"
#include "mha/views/html/html_view.hpp"
#include "mha/views/pictures/pictures.hpp"

namespace {

const std::filesystem::path kHf = std::filesystem::path(MHA_SOURCE_DIR) / "tests/data/hf";

mha::Trace run(const char* folder) {
  mha::ModelRequest request;
  request.dir = kHf / folder;
  request.ids = {1, 2, 3, 4, 5, 6};
  mha::Trace trace = mha::run_model(request);
  trace.head_stats = mha::all_head_stats(trace);
  return trace;
}

const mha::Picture& named(const std::vector<mha::Picture>& pictures, const std::string& name) {
  for (const mha::Picture& p : pictures)
    if (p.file_name == name) return p;
  FAIL("no picture " << name);
  return pictures.front();
}

std::string page(const mha::Trace& trace, mha::Lang lang) {
  const mha::TableStyle style;
  return mha::trace_to_html(trace, mha::explanation(trace, lang, style), style);
}

}  // namespace

TEST_CASE("a Llama-family head's picture names the key/value head it reads", "[decoder_views]") {
  const auto pictures = mha::attention_pictures(run("llama-tiny"), nullptr);
  CHECK(named(pictures, "layer1-head3-softmax.png").title ==
        "llama · layer 1 · head 3 · kv 1 · softmax weights A_3 (d_k = 8, causal mask)");  // 3 / 2 = 1
  CHECK(named(pictures, "layer0-head1-softmax.png").title.find("head 1 · kv 0 ·") != std::string::npos);  // 1 / 2 = 0
  // Mistral-tiny is multi-query: every head reads key/value head 0.
  const auto mistral = mha::attention_pictures(run("mistral-tiny-f16"), nullptr);
  CHECK(named(mistral, "layer0-head3-softmax.png").title.find("head 3 · kv 0 ·") != std::string::npos);
}

TEST_CASE("the HTML head table of a grouped-query model has a kv head column", "[decoder_views]") {
  const std::string html = page(run("llama-tiny"), mha::Lang::en);
  CHECK(html.find("<tr><th>layer</th><th>head</th><th>kv head</th><th>role</th>") != std::string::npos);
  // Layer 0 head 3 reads key/value head 3 / 2 = 1.
  CHECK(html.find("<tr data-layer=\"0\" data-head=\"3\"><td>0</td><td>3</td><td class=\"kv\">1</td>") !=
        std::string::npos);
  CHECK(page(run("llama-tiny"), mha::Lang::zh).find("<th>键/值头</th>") != std::string::npos);
}
