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

#include "mha/explain/lang.hpp"
#include "mha/core/trace.hpp"

namespace mha {

// `explanation` is the text explain() made for the trace (shown as it is,
// cut into collapsible sections at its step headings); `lang` is its
// language, used for the page's lang attribute and its few own words.
std::string trace_to_html(const Trace& trace, const std::string& explanation, Lang lang);

}  // namespace mha
