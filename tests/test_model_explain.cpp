// The explanation of a --model run (explain.cpp, explain_model.cpp) on the
// synthetic model-shaped trace: what it says, in both languages, and that it
// agrees with the head statistics it reports.
#include <catch2/catch.hpp>
#include <algorithm>
#include <set>

#include "mha/views/terminal/explain.hpp"
#include "mha/model/analysis.hpp"
#include "mha/text/utf8.hpp"
#include "model_trace_fixture.hpp"
#include "text_lines.hpp"

namespace {

// The rollout the forward pass would record: each layer's heads averaged.
void add_rollout(mha::Trace& t) {
  std::vector<mha::Matrix> means;
  for (int l : t.layers()) {
    mha::Matrix mean = mha::Matrix::Zero(static_cast<mha::Index>(t.tokens.size()), static_cast<mha::Index>(t.tokens.size()));
    for (int h : t.model->captured_heads) mean += t.find(mha::StepName::softmax, h, {}, l)->tensor.value;
    means.push_back(mean / static_cast<float>(t.model->captured_heads.size()));
  }
  t.rollout = mha::attention_rollout(means, t.token_labels());
}

// Only layer `layer`'s steps of head `head` (and the layer-wide ones), as --layers L --heads H captures.
void keep_one_head(mha::Trace& t, int layer, int head) {
  std::vector<mha::Step> kept;
  for (const mha::Step& s : t.steps)
    if (s.layer == layer && (!s.head || s.head == head)) kept.push_back(s);
  t.steps = kept;
  t.model->captured_layers = {layer};
  t.model->captured_heads = {head};
}

mha::ExplainOptions in(mha::Lang lang) {
  mha::ExplainOptions o;
  o.lang = lang;
  return o;
}

// The text with its line breaks as spaces: prose is wrapped at 100 columns.
std::string flat(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("a GPT-2 run is explained by its heads, not matrix by matrix", "[model-explain]") {
  mha::Trace t = mha::testing::synthetic_model_trace(2, 4);
  add_rollout(t);
  const std::string text = mha::explain(t, {}), en = flat(text);
  CHECK_THAT(en, Catch::Contains("Model: gpt2 from synthetic (F32): 2 layers × 4 heads, d_model = 16, "
                                 "d_k = d_model / h = 4, MLP 64 wide"));
  CHECK_THAT(en, Catch::Contains("sees only a d_k = 4-wide slice of the"));
  CHECK_THAT(en, Catch::Contains("no head gets a sub-sequence of the text"));
  CHECK_THAT(en, Catch::Contains("How one GPT-2 layer works (2 of them)"));
  CHECK_THAT(en, Catch::Contains("h′ = h + attn(LN₁(h))"));
  CHECK_THAT(en, Catch::Contains("causal mask"));
  CHECK_THAT(text, Catch::Contains("──── Layer 0: 4 heads ────\n    head  entropy / max (bits)  role"));
  CHECK_THAT(en, Catch::Contains("──── Layer 1: 4 heads ────"));
  CHECK_THAT(en, Catch::Contains("Roles of the 8 heads above: "));
  CHECK_THAT(en, Catch::Contains("Attention rollout over all 2 layers"));
  CHECK_THAT(en, Catch::Contains("R = Ā_1·Ā_0"));
  CHECK_THAT(en, Catch::Contains("'mat' 40.0%, 'hat' 10.0%"));
  CHECK_THAT(en, Catch::Contains("--layers and --heads"));
  // 8 heads captured, none printed as a matrix.
  CHECK_THAT(en, !Catch::Contains("] softmax"));
  CHECK_THAT(en, !Catch::Contains("Attention weights of head"));

  t.rollout.reset();
  t.predictions.clear();
  const std::string bare = mha::explain(t, {});
  CHECK_THAT(bare, !Catch::Contains("Attention rollout"));
  CHECK_THAT(bare, !Catch::Contains("next tokens"));
}

TEST_CASE("the head table says what analysis.hpp found for each head", "[model-explain]") {
  const mha::Trace t = mha::testing::synthetic_model_trace(2, 4);
  const auto stats = mha::all_head_stats(t);
  const auto lines = text_lines(mha::explain(t, {}));
  for (const mha::HeadStats& s : stats) {
    // The row of head s.head under "Layer s.layer".
    const auto section = std::find(lines.begin(), lines.end(), "──── Layer " + std::to_string(s.layer) + ": 4 heads ────");
    REQUIRE(section != lines.end());
    const std::string& row = *(section + 2 + s.head);
    INFO(row);
    CHECK(row.starts_with("    " + std::to_string(s.head) + " "));
    CHECK_THAT(row, Catch::Contains(mha::format_number(s.entropy, 2) + " / " + mha::format_number(s.max_entropy, 2)));
    CHECK_THAT(row, Catch::Contains("  " + s.role + " "));
    // Token 2 ("sat") looks most at its top key.
    CHECK_THAT(row, Catch::Contains("  sat→" + t.tokens[static_cast<std::size_t>(s.top_key[2])].text + " "));
  }

  // Statistics the run filled in are the ones shown.
  mha::Trace given = t;
  given.head_stats = stats;
  given.head_stats[0].role = "separator";
  CHECK_THAT(mha::explain(given, {}), Catch::Contains("  separator  "));
}

TEST_CASE("English and Chinese model explanations have the same structure", "[model-explain]") {
  mha::Trace t = mha::testing::synthetic_model_trace(2, 4, true, "我 喜欢 吃 芝士 薯条");
  add_rollout(t);
  t.predictions = {{11, "。", 3.5f, 0.4f}, {12, "和", 2.0f, 0.1f}};
  const std::string en = mha::explain(t, in(mha::Lang::en)), text = mha::explain(t, in(mha::Lang::zh));
  const std::string zh = flat(text);
  CHECK(count(en, "────") == count(zh, "────"));
  CHECK(text_lines(en).size() > 40);
  CHECK_THAT(text, Catch::Contains("──── 第 0 层：4 个头 ────\n    头  熵 / 最大值（比特）  角色"));
  CHECK_THAT(zh, Catch::Contains("──── 第 1 层：4 个头 ────"));
  CHECK_THAT(zh, Catch::Contains("但只看到特征中宽 d_k = 4 的一段切片"));
  CHECK_THAT(zh, Catch::Contains("从不切分序列"));
  CHECK_THAT(zh, Catch::Contains("GPT-2 的一层如何工作（共 2 层）"));
  CHECK_THAT(zh, Catch::Contains("全部 2 层的注意力展开"));
  CHECK_THAT(zh, Catch::Contains("'。' 40.0%，'和' 10.0%"));
  CHECK_THAT(zh, Catch::Contains("薯条→"));

  // No English left in the Chinese text: every ASCII word of three letters or
  // more is a name (of a model, a step, an option, a symbol or the source).
  const std::set<std::string> names = {"mha", "explain", "gpt", "GPT", "synthetic", "model", "tokenize", "whitespace",
                                       "MLP", "mlp", "attn", "GELU", "Transformer", "SEP", "CLS", "log", "Abnar",
                                       "Zuidema", "rollout", "mean", "layers", "heads", "steps", "layer", "norm",
                                       "residual", "scores", "png", "out", "report", "markdown", "max", "rows", "BERT", "docs", "probe", "induction", "softmax"};
  std::string word;
  std::set<std::string> english;
  for (const char c : zh + " ") {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      word += c;
      continue;
    }
    if (word.size() >= 3 && !names.contains(word)) english.insert(word);
    word.clear();
  }
  CHECK(english.empty());
  for (const auto& w : english) WARN("English in the Chinese explanation: " << w);
}

TEST_CASE("a BERT run names its token types, post-LN block and [SEP]", "[model-explain]") {
  mha::Trace t = mha::testing::synthetic_model_trace(2, 2, false, "[CLS] the cat [SEP] it sat [SEP]");
  t.model->token_types = {0, 0, 0, 0, 1, 1, 1};
  const std::string en = flat(mha::explain(t, {}));
  CHECK_THAT(en, Catch::Contains("Model: bert from synthetic"));
  CHECK_THAT(en, Catch::Contains("Token types (BERT's segments): 0 for tokens 0–3, 1 for tokens 4–6."));
  CHECK_THAT(en, Catch::Contains("How one BERT layer works (2 of them)"));
  CHECK_THAT(en, Catch::Contains("a  = LN₁(x + attn(x))"));
  CHECK_THAT(en, Catch::Contains("bidirectional"));
  CHECK_THAT(en, Catch::Contains("──── Layer 1: 2 heads ────"));
  CHECK_THAT(en, !Catch::Contains("next tokens"));
  CHECK_THAT(flat(mha::explain(t, in(mha::Lang::zh))), Catch::Contains("词元类型（BERT 的句段）：词元 0–3 为 0，词元 4–6 为 1。"));
}

TEST_CASE("one captured layer and head is shown step by step, with worked examples", "[model-explain]") {
  mha::Trace t = mha::testing::synthetic_model_trace(2, 4, true, "the cat sat on the mat", true);
  keep_one_head(t, 1, 2);
  const std::string en = mha::explain(t, {});
  CHECK_THAT(en, Catch::Contains("──── Layer 1: head 2 ────"));
  CHECK_THAT(en, Catch::Contains("──── Layer 1: every captured step in full ────\nWe follow the last token, mat"));
  CHECK_THAT(en, Catch::Contains("] scores · layer 1 · head 2   S_2 = Q_2·K_2ᵀ   [6 × 6]"));
  CHECK_THAT(en, Catch::Contains("] softmax · layer 1 · head 2"));
  CHECK_THAT(en, Catch::Contains("Attention weights of head 2 (rows: query token; columns: key token)"));
  CHECK_THAT(en, Catch::Contains("] output · layer 1   Y = Z·W_O + b_O"));
  CHECK(count(en, "worked example: S_2[mat, the] = Σ_j Q_2[mat, j]·K_2[mat, j]") == 0);  // keys are the keys' tokens
  CHECK(count(en, "worked example: S_2[mat, the] = Σ_j Q_2[mat, j]·K_2[the, j]") == 1);
  CHECK(count(en, "worked example (mat): max = ") == 1);
  CHECK(count(en, "worked example: C_2[mat, 8] = Σ_k A_2[mat, k]·V_2[k, 8]") == 1);
  CHECK_THAT(en, !Catch::Contains("Roles of the"));  // one head: nothing to count

  // The heatmap marks the causal cells as masked.
  mha::ExplainOptions shades;
  shades.heatmap = mha::HeatmapStyle{mha::Colour::none, mha::Cells::shades};
  CHECK_THAT(mha::explain(t, shades), Catch::Contains("×"));

  // Only the softmax captured (the default steps): its table, no worked example.
  mha::Trace softmax_only = mha::testing::synthetic_model_trace(2, 4);
  keep_one_head(softmax_only, 0, 3);
  const std::string s = mha::explain(softmax_only, {});
  CHECK_THAT(s, Catch::Contains("] softmax · layer 0 · head 3"));
  CHECK_THAT(s, !Catch::Contains("worked example"));
}

TEST_CASE("long model inputs are cut in the head tables and say so", "[model-explain]") {
  std::string text;
  for (int i = 0; i < 30; ++i) {
    text += 'w';
    text += std::to_string(i);
    text += ' ';
  }
  mha::Trace t = mha::testing::synthetic_model_trace(1, 2, true, text);
  add_rollout(t);
  const std::string en = mha::explain(t, {});
  CHECK(count(en, "(each head shows 16 of 30 tokens; --max-rows 0 shows all)") == 2);  // heads table, rollout
  CHECK_THAT(en, Catch::Contains("w29→"));
  CHECK_THAT(en, !Catch::Contains("w15→"));
  mha::ExplainOptions all;
  all.table.max_rows = 0;
  CHECK_THAT(mha::explain(t, all), Catch::Contains("w15→"));
  for (const std::string& line : text_lines(en)) {
    INFO(line);
    CHECK(mha::utf8::width(line) <= 100);
  }
}
