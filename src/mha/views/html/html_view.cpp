#include "mha/views/html/html_view.hpp"

#include "mha/views/common/detail/json_config.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string_view>

#include "mha/views/html/assets.hpp"
#include "mha/views/html/detail/html_detail.hpp"
#include "mha/views/common/index_list.hpp"
#include "mha/core/trace_queries.hpp"
#include "mha/core/version.hpp"

namespace mha {

namespace {

using nlohmann::json;
using namespace html_detail;

constexpr PageWords kEnglish{
    "en",
    "multi-head attention, step by step",
    "Head view",
    "Left: the tokens that look (queries). Right: the tokens looked at (keys). A line's opacity is the "
    "attention weight, its colour the head. Point at a token to see only its lines (click to keep it); "
    "tick heads on and off.",
    "Matrix view",
    "One heatmap per head shown above: row = query, column = key, darker = more weight, each row sums to 1. "
    "Point at a cell for its value.",
    "Explanation",
    "open all",
    "close all",
    "The head and matrix views need JavaScript; the explanation below does not.",
    "head",
    "masked (−∞ before the softmax, weight 0)",
    "padding: masked for every query",
    "every key is masked: this row's weights are all 0",
    "{n} query tokens: without a pointer only the {k} strongest keys of each query are drawn. Point at a token "
    "to see all its lines.",
    "queries",
    "keys",
    "Next token",
    "token",
    "probability",
    "logit",
    "Layers × heads",
    "Every captured head at a glance: a row per layer, a column per head, each panel its weights (row = query, "
    "column = key), darker = more weight, one scale for all. Click a panel to open that head below.",
    "Attention rollout",
    "Row q: how much of each input token (column) reaches token q's vector after the last layer, through every "
    "layer's heads and the residual connections: R = Π_l (½·mean_h A_l,h + ½·I), rows renormalised (Abnar & "
    "Zuidema 2020). Each row sums to 1.",
    "Head statistics",
    "Per head, averaged over its query rows: the entropy of the weights in bits (uniform over the visible keys "
    "would be the max), and the share of weight on the previous token, the token itself, the first token and the "
    "[SEP] tokens. Click a row to open the head.",
    "layer|head|role|entropy (bits)|max|previous|self|first|[SEP]",
    "layer",
    "all heads",
    "captured",
    "the text was cut to the model's positions",
    "kv head",
};

constexpr PageWords kChinese{
    "zh-Hans",
    "多头注意力，逐步讲解",
    "注意力头视图",
    "左边是发出注意力的词元（查询），右边是被关注的词元（键）。连线的不透明度就是注意力权重，颜色代表注意力头。"
    "把指针移到某个词元上只看它的连线（点击可固定）；勾选框可开关各个头。",
    "矩阵视图",
    "上面每个选中的头一张热力图：行是查询，列是键，颜色越深权重越大，每行之和为 1。指针移到格子上可看数值。",
    "讲解",
    "全部展开",
    "全部收起",
    "注意力头视图和矩阵视图需要 JavaScript；下面的讲解不需要。",
    "头",
    "已屏蔽（softmax 前为 −∞，权重为 0）",
    "填充词元：对所有查询屏蔽",
    "所有键都被屏蔽：这一行的权重全为 0",
    "共 {n} 个查询词元：指针不在词元上时，每个查询只画权重最大的 {k} 条连线。把指针移到词元上可看它的全部连线。",
    "查询",
    "键",
    "下一个词元",
    "词元",
    "概率",
    "logit",
    "各层 × 各头",
    "所有记录的头一览：每行一层，每列一个头，每格是它的权重（行是查询，列是键），颜色越深权重越大，所有格子用同一标尺。"
    "点击某格可在下方打开该头。",
    "注意力 rollout",
    "第 q 行：经过每一层的注意力头和残差连接后，各个输入词元（列）有多少流入词元 q 在最后一层的向量："
    "R = Π_l (½·mean_h A_l,h + ½·I)，每行重新归一化（Abnar & Zuidema 2020）。每行之和为 1。",
    "注意力头统计",
    "每个头在其所有查询行上的平均：权重的熵（比特；在可见键上均匀分布时最大），以及落在前一个词元、自身、第一个词元和 "
    "[SEP] 词元上的权重份额。点击某行可打开该头。",
    "层|头|作用|熵（比特）|最大|前一个|自身|第一个|[SEP]",
    "层",
    "所有头",
    "已记录",
    "文本已截断到模型的最大位置数",
    "键/值头",
};

const PageWords& page_words(Lang lang) { return lang == Lang::zh ? kChinese : kEnglish; }

// `s` with each character that has a replacement in `table` replaced.
struct Replacement {
  char from;
  std::string_view to;
};
template <std::size_t N>
std::string replace_chars(std::string_view s, const Replacement (&table)[N]) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const Replacement* r = std::find_if(table, table + N, [c](const Replacement& x) { return x.from == c; });
    if (r == table + N)
      out += c;
    else
      out += r->to;
  }
  return out;
}

// Text for HTML element content and attribute values.
constexpr Replacement kHtmlEscapes[] = {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}};

// JSON text made safe inside <script type="application/json">: '<', '>' and
// '&' occur only inside JSON strings, where \u003c, \u003e and \u0026 mean the
// same characters, so no token can close the element ("</script>") or open a
// comment ("<!--"). JSON.parse and any JSON reader give back the same data.
constexpr Replacement kScriptEscapes[] = {{'<', "\\u003c"}, {'>', "\\u003e"}, {'&', "\\u0026"}};
std::string escape_json_for_script(std::string_view s) { return replace_chars(s, kScriptEscapes); }

// Head i's attention weights, one row per query: null where the mask step
// removed the cell (its weight is exactly 0), else the float32 as the
// shortest decimal that reads back the same (as in the JSON trace).
void head_weights(std::string& out, const Trace& trace, int head) {
  const Step* softmax = trace.find(StepName::softmax, head);
  const Step* mask = trace.find(StepName::mask, head);
  const Matrix& a = softmax->tensor.value;
  out += '[';
  for (Index r = 0; r < a.rows(); ++r) {
    out += r ? ",\n[" : "\n[";
    for (Index c = 0; c < a.cols(); ++c) {
      if (c) out += ',';
      const bool masked = mask && std::isinf(mask->tensor.value(r, c));
      out += masked ? "null" : json_number(a(r, c));
    }
    out += ']';
  }
  out += ']';
}

// The trace's config, and the mask in words for the page's captions.
json page_config(const Trace& trace) {
  json config = config_json(trace);
  config["mask"] = trace.mask_name();
  return config;
}

// The data block view.js draws from (fields in docs/html.md).
std::string data_json(const Trace& trace, const PageWords& w) {
  const json header = {
      {"tool", std::string("mha-explain ") + kVersion},
      {"text", trace.text},
      {"context_text", trace.context_text ? json(*trace.context_text) : json(nullptr)},
      {"config", page_config(trace)},
      {"tokens", trace.token_labels()},
      {"keys", trace.key_labels()},
      {"key_padding", trace.key_padding},
      {"fully_masked_rows", trace.fully_masked_rows},
      {"words",
       {{"head", w.head},
        {"masked", w.masked},
        {"padding", w.padding},
        {"no_keys", w.no_keys},
        {"large", w.large},
        {"queries", w.queries},
        {"keys", w.keys}}},
  };
  std::string out = "{\n";
  for (auto it = header.begin(); it != header.end(); ++it)
    append(out, {json(it.key()).dump(), ": ", it.value().dump(), ",\n"});
  if (trace.is_model()) {
    const auto model = model_fields(trace, w);
    for (auto it = model.begin(); it != model.end(); ++it)
      append(out, {json(it.key()).dump(), ": ", it.value().dump(), ",\n"});
    out += "\"heads\": [";
    bool first = true;
    for (const Step* s : model_heads(trace)) {
      append(out, {first ? "\n" : ",\n", "{\"layer\": ", std::to_string(*s->layer), ", \"head\": ",
                   std::to_string(*s->head), ", \"symbol\": ", json(s->symbol).dump(),
                   ", \"formula\": ", json(s->formula).dump(), ", \"weights_f32\": \"",
                   float32_base64(weights_with_masked_cells(trace, *s->head, s->layer).value), "\"}"});
      first = false;
    }
    out += "]\n}";
    return out;
  }
  out += "\"heads\": [";
  for (int h = 0; h < trace.config.heads; ++h) {
    const Step* softmax = trace.find(StepName::softmax, h);
    out += h ? ",\n" : "\n";
    append(out, {"{\"head\": ", std::to_string(h), ", \"symbol\": ", json(softmax->symbol).dump(),
                 ", \"formula\": ", json(softmax->formula).dump(), ", \"weights\": "});
    head_weights(out, trace, h);
    out += '}';
  }
  out += "]\n}";
  return out;
}

}  // namespace

namespace html_detail {

std::string escape_html(std::string_view s) { return replace_chars(s, kHtmlEscapes); }

}  // namespace html_detail

std::string trace_to_html(const Trace& trace, const Document& explanation, const TableStyle& style) {
  const PageWords& w = page_words(explanation.lang);
  const Config& cfg = trace.config;
  std::string sizes;
  append(sizes, {"d_model = ", std::to_string(cfg.d_model), " · h = ", std::to_string(cfg.heads), " · d_k = ",
                 std::to_string(cfg.d_k), " · d_v = ", std::to_string(cfg.d_v), " · n = ",
                 std::to_string(trace.tokens.size())});
  if (trace.cross()) append(sizes, {" · m = ", std::to_string(trace.context_tokens.size())});
  const std::string sentence = escape_html(trace.text);

  std::string out;
  const std::size_t maps = trace.is_model() ? model_heads(trace).size() : static_cast<std::size_t>(cfg.heads);
  out.reserve(16384 + 12 * trace.tokens.size() * trace.key_tokens().size() * maps);
  append(out, {"<!DOCTYPE html>\n<html lang=\"", w.html_lang, "\">\n<head>\n<meta charset=\"utf-8\">\n",
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
               "<meta name=\"generator\" content=\"mha-explain ", kVersion, "\">\n<title>mha-explain: ", sentence,
               "</title>\n<style>\n", html::view_css, "</style>\n</head>\n<body>\n"});
  append(out, {"<main id=\"mha-view\" data-ready=\"0\">\n<header>\n<h1>mha-explain · ", w.title, "</h1>\n",
               "<p class=\"sentence\">", sentence, "</p>\n"});
  if (trace.context_text)
    append(out, {"<p class=\"sentence context\">", escape_html(*trace.context_text), "</p>\n"});
  append(out, {"<p class=\"sizes\">", sizes, "</p>\n"});
  const bool model = trace.is_model();
  if (model) model_line(out, trace, w);
  append(out, {"</header>\n<noscript><p>", w.no_script, "</p></noscript>\n",
               "<div class=\"layout\">\n<div class=\"views\">\n"});
  if (model) {
    if (!trace.predictions.empty()) predictions_section(out, trace, w);
    append(out, {"<section id=\"overview\">\n<h2>", w.overview, "</h2>\n<p class=\"hint\">", w.overview_hint,
                 "</p>\n<div id=\"overview-grid\"></div>\n</section>\n"});
  }
  append(out, {"<section id=\"head-view\">\n<h2>", w.head_view, "</h2>\n<p class=\"hint\">", w.head_hint, "</p>\n",
               model ? "<div id=\"layer-controls\"></div>\n" : "",
               "<div id=\"head-toggles\"></div>\n<p id=\"head-note\" hidden></p>\n<div id=\"head-lines\"></div>\n",
               "</section>\n<section id=\"matrix-view\">\n<h2>", w.matrix_view, "</h2>\n<p class=\"hint\">",
               w.matrix_hint, "</p>\n<div id=\"matrices\"></div>\n</section>\n"});
  if (model && trace.rollout)
    append(out, {"<section id=\"rollout-view\">\n<h2>", w.rollout, "</h2>\n<p class=\"hint\">", w.rollout_hint,
                 "</p>\n<div id=\"rollout\"></div>\n</section>\n"});
  if (model && !trace.head_stats.empty()) stats_section(out, trace, w);
  append(out, {"</div>\n<aside id=\"explanation\">\n<h2>", w.explanation,
               "</h2>\n<p class=\"buttons\"><button type=\"button\" id=\"open-all\">", w.open_all,
               "</button> <button type=\"button\" id=\"close-all\">", w.close_all, "</button></p>\n"});
  explanation_html(out, explanation, style);
  append(out, {"</aside>\n</div>\n<div id=\"tooltip\" hidden></div>\n</main>\n",
               "<script type=\"application/json\" id=\"mha-data\">\n"});
  out += escape_json_for_script(data_json(trace, w));
  append(out, {"\n</script>\n<script>\n", html::view_js, "</script>\n</body>\n</html>\n"});
  return out;
}

}  // namespace mha
