// The HTML page (src/mha/html_view.cpp): its data block reads back as the
// trace's own numbers, no token can break out of the page's elements, it
// asks for nothing from the network, and the same inputs give the same bytes.
// tests/browser_view.sh checks the same page after a real browser ran its
// script.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mha/html_view.hpp"
#include "mha/pipeline.hpp"

using nlohmann::json;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// The text between <script type="application/json" id="mha-data"> and the
// next "</script>", parsed.
json data_block(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"mha-data\">";
  const auto begin = html.find(open);
  REQUIRE(begin != std::string::npos);
  const auto end = html.find("</script>", begin);
  REQUIRE(end != std::string::npos);
  return json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

std::string page(const mha::Trace& t, mha::Lang lang = mha::Lang::en) {
  mha::ExplainOptions options;
  options.lang = lang;
  return mha::trace_to_html(t, mha::explain(t, options), lang);
}

}  // namespace

TEST_CASE("the page's data block holds the trace's tokens and weights, exactly", "[html]") {
  mha::Config cfg;
  cfg.heads = 2;
  const auto t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg);
  const json d = data_block(page(t));
  CHECK(d.at("tokens") == json({"我", "喜欢", "吃", "芝士", "薯条"}));
  CHECK(d.at("keys") == d.at("tokens"));  // self-attention: the keys are the sentence's tokens
  CHECK(d.at("context_text").is_null());
  CHECK(d.at("config").at("heads") == 2);
  REQUIRE(d.at("heads").size() == 2);
  for (int h = 0; h < 2; ++h) {
    const json& head = d.at("heads")[static_cast<std::size_t>(h)];
    CHECK(head.at("head") == h);
    const mha::Matrix& a = t.find(mha::StepName::softmax, h)->tensor.value;
    const json& w = head.at("weights");
    REQUIRE(w.size() == 5);  // n rows
    for (std::size_t q = 0; q < 5; ++q) {
      REQUIRE(w[q].size() == 5);  // m columns
      // Written as the shortest decimal of the float32: read back as float,
      // it is the engine's number bit for bit.
      for (std::size_t k = 0; k < 5; ++k)
        CHECK(w[q][k].get<float>() == a(static_cast<mha::Index>(q), static_cast<mha::Index>(k)));
    }
  }
}

TEST_CASE("masked cells are null in the page; cross-attention keys are the context's tokens", "[html]") {
  mha::Config cfg;
  cfg.heads = 4;
  cfg.causal = true;
  mha::AttentionRequest request;
  request.text = "我 喜欢 吃";
  request.context = "I like cheese fries";
  const auto t = mha::run_attention(request, cfg);
  const json d = data_block(page(t));
  CHECK(d.at("keys") == json({"I", "like", "cheese", "fries"}));
  CHECK(d.at("context_text") == "I like cheese fries");
  REQUIRE(d.at("heads").size() == 4);
  const json& w = d.at("heads")[3].at("weights");
  REQUIRE(w.size() == 3);     // 3 queries
  REQUIRE(w[0].size() == 4);  // 4 keys
  // Causal: query q sees keys 0 … q, so row 0 has keys 1-3 masked, row 2 only key 3.
  CHECK(w[0][0].is_number());
  CHECK(w[0][1].is_null());
  CHECK(w[0][3].is_null());
  CHECK(w[2][2].is_number());
  CHECK(w[2][3].is_null());
  CHECK(d.at("config").at("mask") == "causal");
}

TEST_CASE("no token can break out of the page's elements", "[html]") {
  mha::Config cfg;
  const auto t = mha::explain_sentence("</script><b> 我 a&b \"q\" <!--", cfg);
  const std::string html = page(t);
  // The page has exactly two script elements (data, code), so exactly two
  // "</script>": the token's own is escaped everywhere (title, explanation, data).
  CHECK(count(html, "</script>") == 2);
  CHECK(count(html, "<script") == 2);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("<!--") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("<title>mha-explain: &lt;/script&gt;&lt;b&gt; 我 a&amp;b &quot;q&quot; &lt;!--</title>"));
  // Inside the data block '<', '>' and '&' are JSON escapes, and parse back.
  CHECK_THAT(html, Catch::Contains("\"\\u003c/script\\u003e\\u003cb\\u003e\""));
  const json d = data_block(html);
  CHECK(d.at("tokens") == json({"</script><b>", "我", "a&b", "\"q\"", "<!--"}));
}

TEST_CASE("the page loads nothing from anywhere", "[html]") {
  mha::Config cfg;
  const std::string html = page(mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg));
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("//cdn") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);     // no external stylesheet
  CHECK(html.find(" src=") == std::string::npos);     // no external script, image or frame
  CHECK(html.find("@import") == std::string::npos);   // no stylesheet imported by the CSS
  CHECK(html.find("url(") == std::string::npos);      // no font or image fetched by the CSS
  CHECK(count(html, "<style>") == 1);                 // ours, inline
}

TEST_CASE("the explanation sits in the page, its steps as collapsible sections", "[html]") {
  mha::Config cfg;
  const auto t = mha::explain_sentence("我 喜欢 吃", cfg);
  const std::string html = page(t, mha::Lang::zh);
  CHECK_THAT(html, Catch::Contains("<html lang=\"zh-Hans\">"));
  CHECK_THAT(html, Catch::Contains("多头切分的是特征列"));  // a sentence of the Chinese explanation
  // 2 heads: 7 steps before the heads (tokenize, embed, position, project_q/k/v,
  // split_heads' overview), 8 per head (split_heads ×3, scores, scale, mask,
  // softmax, context), then concat and output: 25 numbered steps.
  CHECK(count(html, "<details><summary>[") == 25);
  CHECK_THAT(html, Catch::Contains("<details><summary>[1] tokenize</summary>"));
}

TEST_CASE("same trace and text, same bytes", "[html]") {
  mha::Config cfg;
  cfg.heads = 4;
  const std::string a = page(mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg));
  const std::string b = page(mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg));
  CHECK(a == b);
  CHECK(a.size() > 10000);  // the page, its script and the explanation, not an empty shell
}
