// A --model run's parts of the HTML page (docs/html.md, "Model pages"): its
// fields in the data block (every captured head's weights as float32 base64,
// the rollout, the statistics) and the static model line and tables. The
// page itself is html_view.cpp.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>

#include "mha/views/html/detail/html_detail.hpp"
#include "mha/views/common/detail/json_config.hpp"
#include "mha/views/common/index_list.hpp"
#include "mha/core/trace_queries.hpp"

namespace mha::html_detail {

namespace {

// Bytes as base64 (RFC 4648, with padding).
std::string base64(const std::string& bytes) {
  static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t left = bytes.size() - i;
    std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (left > 1) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (left > 2) v |= static_cast<unsigned char>(bytes[i + 2]);
    out += kDigits[(v >> 18) & 63];
    out += kDigits[(v >> 12) & 63];
    out += left > 1 ? kDigits[(v >> 6) & 63] : '=';
    out += left > 2 ? kDigits[v & 63] : '=';
  }
  return out;
}

// A number with `decimals` decimals, as printf rounds it.
std::string decimals(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

// A matrix as the base64 of its float32 values, row by row, each little-endian
// (−∞ stays −∞: a masked cell): a quarter of the text of decimal numbers, and
// the same bits.
std::string float32_base64(const Matrix& a) {
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(a.size()) * 4);
  for (Index r = 0; r < a.rows(); ++r)
    for (Index c = 0; c < a.cols(); ++c) {
      const auto bits = std::bit_cast<std::uint32_t>(a(r, c));
      for (int b = 0; b < 32; b += 8) bytes += static_cast<char>((bits >> b) & 0xff);
    }
  return base64(bytes);
}

// The captured (layer, head) softmax steps of a model trace, by layer, then head.
std::vector<const Step*> model_heads(const Trace& trace) {
  std::vector<const Step*> found;
  for (const Step& s : trace.steps)
    if (s.name == StepName::softmax && s.layer && s.head) found.push_back(&s);
  std::stable_sort(found.begin(), found.end(), [](const Step* a, const Step* b) {
    return *a->layer != *b->layer ? *a->layer < *b->layer : *a->head < *b->head;
  });
  return found;
}

// What only a model page carries (docs/html.md): the model, its layers, the
// predictions, the rollout and the head statistics.
nlohmann::ordered_json model_fields(const Trace& trace, const PageWords& w) {
  using ordered = nlohmann::ordered_json;
  ordered model = model_json(*trace.model);  // the trace's fields, and the name for the captions
  model["name"] = model_title(*trace.model);
  ordered predictions = ordered::array(), stats = ordered::array();
  for (const Prediction& p : trace.predictions) predictions.push_back(prediction_json(p));
  for (const HeadStats& h : trace.head_stats) stats.push_back(head_stats_json(h));
  ordered rollout = nullptr;
  if (trace.rollout) rollout = {{"weights_f32", float32_base64(rollout_with_masked_cells(trace).value)}};
  return {
      {"model", model},
      {"layers", trace.layers()},
      {"predictions", predictions},
      {"rollout", rollout},
      {"head_stats", stats},
      {"model_words", {{"layer", w.layer}, {"all_heads", w.all_heads}}},
  };
}

// Under the sizes: which checkpoint, its sizes, and what of it was captured.
void model_line(std::string& out, const Trace& trace, const PageWords& w) {
  const ModelInfo& m = *trace.model;
  append(out, {"<p class=\"model\"><b>", escape_html(model_title(m)), "</b> · <span class=\"source\">",
               escape_html(m.source), "</span> · ", escape_html(m.dtype), " · layers = ", std::to_string(m.layers),
               " · heads = ", std::to_string(m.heads), " · d_ff = ", std::to_string(m.d_ff), " · vocab = ",
               std::to_string(m.vocab_size), " · positions = ", std::to_string(m.max_positions), "<br>", w.captured,
               ": ", w.layer, " ", index_list(m.captured_layers), " · ", w.head, " ", index_list(m.captured_heads)});
  if (m.truncated) append(out, {" · <span class=\"truncated\">", w.truncated, "</span>"});
  out += "</p>\n";
}

// GPT-2's most likely next tokens, most likely first.
void predictions_section(std::string& out, const Trace& trace, const PageWords& w) {
  append(out, {"<section id=\"predictions\">\n<h2>", w.predictions, "</h2>\n<table class=\"predictions\">\n",
               "<tr><th>#</th><th>", w.token, "</th><th>", w.probability, "</th><th>", w.logit, "</th></tr>\n"});
  int rank = 0;
  for (const Prediction& p : trace.predictions)
    append(out, {"<tr><td>", std::to_string(++rank), "</td><td class=\"token\">", escape_html(p.token), "</td><td>",
                 decimals(100.0 * double{p.probability}, 1), " %</td><td>", decimals(double{p.logit}, 2),
                 "</td></tr>\n"});
  out += "</table>\n</section>\n";
}

// One row per captured head; its cells are the statistics (two decimals).
// The [SEP] column only where there are separators (BERT); the kv head
// column (after head) only where query heads share key/value heads.
void stats_section(std::string& out, const Trace& trace, const PageWords& w) {
  const ModelInfo& m = *trace.model;
  const bool grouped = m.decoder && m.decoder->kv_heads < m.heads;
  const bool separators = trace.model->type == "bert" ||
                          std::any_of(trace.head_stats.begin(), trace.head_stats.end(),
                                      [](const HeadStats& h) { return h.separator > 0.0f; });
  append(out, {"<section id=\"head-stats\">\n<h2>", w.stats, "</h2>\n<p class=\"hint\">", w.stats_hint,
               "</p>\n<div class=\"table-wrap\"><table class=\"stats\">\n<tr>"});
  std::string_view columns = w.stat_columns;
  for (int c = 0; !columns.empty(); ++c) {
    const std::size_t bar = columns.find('|');
    if (c < 8 || separators) append(out, {"<th>", columns.substr(0, bar), "</th>"});
    if (c == 1 && grouped) append(out, {"<th>", w.kv_head, "</th>"});
    columns.remove_prefix(bar == std::string_view::npos ? columns.size() : bar + 1);
  }
  out += "</tr>\n";
  for (const HeadStats& h : trace.head_stats) {
    const std::string role = escape_html(h.role);
    append(out, {"<tr data-layer=\"", std::to_string(h.layer), "\" data-head=\"", std::to_string(h.head), "\"><td>",
                 std::to_string(h.layer), "</td><td>", std::to_string(h.head), "</td>"});
    if (grouped) append(out, {"<td class=\"kv\">", std::to_string(h.head / (m.heads / m.decoder->kv_heads)), "</td>"});
    append(out, {"<td class=\"role role-", role, "\">", role, "</td>"});
    for (float v : {h.entropy, h.max_entropy, h.previous, h.self, h.first})
      append(out, {"<td>", decimals(double{v}, 2), "</td>"});
    if (separators) append(out, {"<td>", decimals(double{h.separator}, 2), "</td>"});
    out += "</tr>\n";
  }
  out += "</table></div>\n</section>\n";
}

}  // namespace mha::html_detail
