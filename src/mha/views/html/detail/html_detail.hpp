#pragma once
// What html_view.cpp (the page, its data block, the toy layer's parts),
// html_model.cpp (a --model run's parts: its data fields, the model line,
// the predictions and head-statistics tables) and html_explanation.cpp (the
// explanation panel) share. Private to the three.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mha/core/trace.hpp"
#include "mha/explain/document.hpp"
#include "mha/explain/table.hpp"

namespace mha::html_detail {

inline void append(std::string& out, std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts) out += p;
}

std::string escape_html(std::string_view s);  // for element content and attribute values

// The page's own words (the explanation brings its own). Same fields in both
// languages, as in explain/words_tables.cpp.
struct PageWords {
  const char* html_lang;
  const char* title;          // "multi-head attention, step by step"
  const char* head_view;      // heading of the head view
  const char* head_hint;      // how to use it
  const char* matrix_view;    // heading of the matrix view
  const char* matrix_hint;
  const char* explanation;    // heading of the explanation panel
  const char* open_all;       // buttons of the panel
  const char* close_all;
  const char* no_script;      // shown when JavaScript is off
  // Used by view.js (the "words" field of the data block).
  const char* head;           // "head"
  const char* masked;         // a masked cell under the pointer
  const char* padding;        // a padding key
  const char* no_keys;        // a query whose every key is masked
  const char* large;          // n above the limit: {k} strongest keys per query drawn
  const char* queries;        // column headings of the head view
  const char* keys;
  // --model pages only.
  const char* predictions;    // heading of the next-token table
  const char* token;          // its columns
  const char* probability;
  const char* logit;
  const char* overview;       // heading of the layers × heads overview
  const char* overview_hint;
  const char* rollout;        // heading of the rollout view
  const char* rollout_hint;
  const char* stats;          // heading of the head statistics
  const char* stats_hint;
  const char* stat_columns;   // their columns, separated by '|': layer … role
  const char* layer;          // "layer" (selector, captions)
  const char* all_heads;      // the head selector's first choice
  const char* captured;       // "captured"
  const char* truncated;      // the text was cut to the model's positions
  const char* kv_head;        // grouped-query attention: the head table's column of the key/value head each head reads
};

// The captured (layer, head) softmax steps of a model trace, by layer, then head.
std::vector<const Step*> model_heads(const Trace& trace);
// A matrix as the base64 of its float32 values, row by row, little-endian.
std::string float32_base64(const Matrix& a);
// What only a model page's data block carries (docs/html.md).
nlohmann::ordered_json model_fields(const Trace& trace, const PageWords& w);
// The page's static parts of a model run: the model line, GPT-2's next
// tokens, the head statistics.
void model_line(std::string& out, const Trace& trace, const PageWords& w);
void predictions_section(std::string& out, const Trace& trace, const PageWords& w);
void stats_section(std::string& out, const Trace& trace, const PageWords& w);

// The explanation panel's content: the intro, then each step a <details>,
// each part a <section> (docs/html.md).
void explanation_html(std::string& out, const Document& doc, const TableStyle& style);

}  // namespace mha::html_detail
