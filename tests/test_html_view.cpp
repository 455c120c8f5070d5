// The HTML page (src/mha/views/html/html_view.cpp): its data block reads back as the
// trace's own numbers, no token can break out of the page's elements, it
// asks for nothing from the network, and the same inputs give the same bytes.
// tests/browser_view.sh checks the same page after a real browser ran its
// script.
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "mha/views/html/html_view.hpp"
#include "mha/explain/document.hpp"
#include "mha/pipeline.hpp"
#include "mha/views/terminal/heatmap.hpp"
#include "model_views_fixture.hpp"

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

std::string page(const mha::Trace& t, mha::Lang lang = mha::Lang::en, const mha::TableStyle& style = {}) {
  return mha::trace_to_html(t, mha::explanation(t, lang, style), style);
}

// The float32 values of a model page's "weights_f32": base64 of their
// little-endian bytes.
std::vector<float> floats_of(const std::string& text) {
  const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<unsigned char> bytes;
  std::uint32_t bits = 0;
  int have = 0;
  for (char c : text) {
    if (c == '=') break;
    bits = (bits << 6) | static_cast<std::uint32_t>(digits.find(c));
    if ((have += 6) >= 8) bytes.push_back(static_cast<unsigned char>((bits >> (have -= 8)) & 0xff));
  }
  REQUIRE(bytes.size() % 4 == 0);
  std::vector<float> out;
  for (std::size_t i = 0; i < bytes.size(); i += 4)
    out.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(bytes[i] | bytes[i + 1] << 8 | bytes[i + 2] << 16 |
                                                                  static_cast<std::uint32_t>(bytes[i + 3]) << 24)));
  return out;
}

std::string model_page(const mha::Trace& t, mha::Lang lang = mha::Lang::en) { return page(t, lang); }

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
  CHECK(count(html, "<details class=\"step\"") == 25);
  CHECK_THAT(html, Catch::Contains("<details class=\"step\" data-step=\"tokenize\"><summary><span class=\"number\">[1]</span> "
                                   "<span class=\"name\">tokenize</span></summary>"));
  // Each head is a section around its 8 steps; the summary closes the panel.
  CHECK(count(html, "<section class=\"part\" data-part=\"head\"") == 2);
  CHECK(count(html, "<section class=\"part\" data-part=\"summary\">") == 1);
  // HTML, not the terminal's lines: no <pre>, no table rules or step brackets drawn in text.
  CHECK(html.find("<pre") == std::string::npos);
  CHECK(html.find("────") == std::string::npos);
}

TEST_CASE("the explanation's matrices are tables, its formulas code, its worked examples lists", "[html]") {
  mha::Config cfg;
  cfg.causal = true;
  const auto t = mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg);
  const std::string html = page(t);
  // One table per matrix: E, P and X, W_Q and Q, W_K and K, W_V and V (9);
  // per head Q_i, K_i, V_i, S_i, Ŝ_i, the mask, A_i, C_i (8 × 2); Z, W_O and Y (3).
  CHECK(count(html, "<table class=\"matrix") == 9 + 16 + 3);
  CHECK(count(html, "<table class=\"matrix parameter\">") == 5);  // P, W_Q, W_K, W_V, W_O
  CHECK_THAT(html, Catch::Contains("<caption><code>W_Q</code> [8 × 8]</caption>"));
  // Row and column labels are the tokens: the first row of A_0 is 我's.
  CHECK_THAT(html, Catch::Contains("<thead><tr><th></th><th>我</th><th>喜欢</th><th>吃</th><th>芝士</th><th>薯条</th></tr></thead>"));
  // Causal, 5 tokens: 10 cells above the diagonal are masked, in the mask
  // step (−∞) and in the softmax (0) of each of the 2 heads.
  CHECK(count(html, "<td class=\"masked\">-inf</td>") == 2 * 10);
  CHECK(count(html, "<td class=\"masked\">0.000</td>") == 2 * 10);
  // The formula of each step as text; the worked example of the scores as a list.
  CHECK_THAT(html, Catch::Contains("<code class=\"formula\">S_0 = Q_0·K_0ᵀ</code>"));
  CHECK_THAT(html, Catch::Contains("<div class=\"worked\"><p class=\"lead\">worked example:</p><ol><li>S_0[薯条, 我]</li>"
                                   "<li>= Σ_j Q_0[薯条, j]·K_0[我, j]</li>"));
  // Cut like the terminal's tables: 3 of 8 columns, with the note under the table.
  mha::TableStyle narrow;
  narrow.max_cols = 3;
  const std::string cut = page(t, mha::Lang::en, narrow);
  CHECK_THAT(cut, Catch::Contains("<th class=\"cut\">…</th>"));
  CHECK_THAT(cut, Catch::Contains("<p class=\"note\">(showing 3 of 8 columns; --max-cols 0 prints all)</p>"));
}

TEST_CASE("same trace and text, same bytes", "[html]") {
  mha::Config cfg;
  cfg.heads = 4;
  const std::string a = page(mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg));
  const std::string b = page(mha::explain_sentence("我 喜欢 吃 芝士 薯条", cfg));
  CHECK(a == b);
  CHECK(a.size() > 10000);  // the page, its script and the explanation, not an empty shell
}

TEST_CASE("a model page holds every captured head's weights, bit for bit, by layer", "[html][model]") {
  mha::Trace t = mha::testing::synthetic_model_trace(2, 4);  // GPT-2-shaped, 6 tokens
  mha::testing::add_rollout(t);
  const std::string html = model_page(t);
  const json d = data_block(html);
  CHECK(d.at("model").at("type") == "gpt2");
  CHECK(d.at("model").at("name") == "GPT-2");
  CHECK(d.at("model").at("captured_heads") == json({0, 1, 2, 3}));
  CHECK(d.at("layers") == json({0, 1}));
  REQUIRE(d.at("heads").size() == 8);
  for (std::size_t i = 0; i < 8; ++i) {
    const json& h = d.at("heads")[i];
    const int layer = static_cast<int>(i / 4), head = static_cast<int>(i % 4);
    CHECK(h.at("layer") == layer);
    CHECK(h.at("head") == head);
    CHECK_FALSE(h.contains("weights"));
    // 36 float32 = 144 bytes = 192 base64 digits.
    const std::string text = h.at("weights_f32");
    CHECK(text.size() == 192);
    const std::vector<float> w = floats_of(text);
    const mha::Matrix a = mha::weights_with_masked_cells(t, head, layer).value;
    REQUIRE(w.size() == 36);
    for (int q = 0; q < 6; ++q)
      for (int k = 0; k < 6; ++k) {
        const float v = w[static_cast<std::size_t>(q * 6 + k)];
        if (k > q)
          CHECK(v == -std::numeric_limits<float>::infinity());  // masked: after the query
        else
          CHECK(std::bit_cast<std::uint32_t>(v) == std::bit_cast<std::uint32_t>(a(q, k)));
      }
  }
  // The rollout, masked the same way; the predictions.
  const std::vector<float> r = floats_of(d.at("rollout").at("weights_f32"));
  REQUIRE(r.size() == 36);
  CHECK(r[1] == -std::numeric_limits<float>::infinity());
  CHECK(r[6] == t.rollout->value(1, 0));
  CHECK(d.at("predictions")[0].at("token") == "mat");
  CHECK(d.at("model_words").at("layer") == "layer");
  // What a toy page never holds.
  const json toy = data_block(page(mha::explain_sentence("我 喜欢 吃", mha::Config{})));
  for (const char* key : {"model", "layers", "rollout", "head_stats", "predictions", "model_words"})
    CHECK_FALSE(toy.contains(key));
  CHECK(toy.at("heads")[0].contains("weights"));
}

TEST_CASE("a model page's sections: model, predictions, overview, rollout, head statistics", "[html][model]") {
  mha::Trace t = mha::testing::synthetic_model_trace(3, 4);
  std::string html = model_page(t);
  CHECK_THAT(html, Catch::Contains("<p class=\"model\"><b>GPT-2</b> · <span class=\"source\">synthetic</span> · F32 · "
                                   "layers = 3 · heads = 4 · d_ff = 64 · vocab = 100 · positions = 64<br>captured: "
                                   "layer 0–2 · head 0–3</p>"));
  CHECK_THAT(html, Catch::Contains("<tr><td>1</td><td class=\"token\">mat</td><td>40.0 %</td><td>3.50</td></tr>"));
  CHECK_THAT(html, Catch::Contains("<section id=\"overview\">"));
  CHECK_THAT(html, Catch::Contains("<div id=\"layer-controls\"></div>"));
  // No rollout and no statistics in the trace: no sections for them.
  CHECK(html.find("id=\"rollout-view\"") == std::string::npos);
  CHECK(html.find("id=\"head-stats\"") == std::string::npos);
  mha::testing::add_rollout(t);
  mha::testing::add_head_stats(t);
  html = model_page(t);
  CHECK_THAT(html, Catch::Contains("<section id=\"rollout-view\">"));
  CHECK(count(html, "<tr data-layer=") == 12);
  const mha::HeadStats& s = t.head_stats[5];  // layer 1, head 1
  char row[256];
  std::snprintf(row, sizeof row, "<tr data-layer=\"1\" data-head=\"1\"><td>1</td><td>1</td><td class=\"role role-%s\">%s</td>"
                "<td>%.2f</td>", s.role.c_str(), s.role.c_str(), double{s.entropy});
  CHECK_THAT(html, Catch::Contains(row));
  CHECK(html.find("<th>[SEP]</th>") == std::string::npos);  // GPT-2: no separators
  // BERT: no predictions, a [SEP] column.
  mha::Trace bert = mha::testing::synthetic_model_trace(2, 2, false);
  mha::testing::add_head_stats(bert);
  const std::string b = model_page(bert);
  CHECK(b.find("id=\"predictions\"") == std::string::npos);
  CHECK_THAT(b, Catch::Contains("<th>[SEP]</th>"));
  CHECK_THAT(b, Catch::Contains("<b>BERT</b>"));
  // Still nothing from the network, and the same bytes again.
  CHECK(html.find("http") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(model_page(t) == html);
  // Zh pages name the sections in Chinese.
  CHECK_THAT(model_page(t, mha::Lang::zh), Catch::Contains("<h2>注意力头统计</h2>"));
}

TEST_CASE("a GPT-2-sized model page is about 5.3 bytes a weight", "[html][model]") {
  // 12 × 12 heads of 128 tokens: 2 359 296 float32 in base64 (16 / 3 bytes
  // each), 12.6 MB, plus the page (script, style, the rollout).
  const mha::Trace t = mha::testing::random_model_trace(12, 12, 128);
  const std::string html = model_page(t);
  CHECK(html.size() > 12582912);
  CHECK(html.size() < 12582912 + 400000);
}
