#pragma once
// html_view: the trace as one self-contained HTML page (docs/html.md). A head
// view (query tokens left, key tokens right, a line per pair whose opacity is
// the attention weight, one colour per head), a matrix view per head with the
// value under the pointer, and the step-by-step explanation beside them.
//
// The page needs no network and no other file: its script and stylesheet are
// ours, compiled in (src/mha/views/html/view.js, view.css), and the numbers it draws
// sit in the page as JSON in <script type="application/json" id="mha-data">
// (fields in docs/html.md). Same trace and text, same bytes.
#include <string>

#include "mha/explain/document.hpp"
#include "mha/explain/table.hpp"
#include "mha/core/trace.hpp"

namespace mha {

// `explanation` is the run's explanation (explain/document.hpp), set in the
// page as HTML, its matrices cut and rounded as `style` says; its language is
// the page's (the lang attribute and the page's few own words).
std::string trace_to_html(const Trace& trace, const Document& explanation, const TableStyle& style);

}  // namespace mha
