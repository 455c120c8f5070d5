#pragma once
// bertviz: the attention weights as JSON in the form bertviz's head_view and
// model_view take them (jessevig/bertviz, bertviz/head_view.py): a list with
// one tensor per layer, each [batch = 1, heads, queries, keys], and the
// tokens. Every key of the file is one of head_view's argument names, so
// docs/bertviz.md can pass the file on in five lines of Python.
//
//   self-attention:  {"attention": [A], "tokens": [...]}
//   cross-attention: {"cross_attention": [A], "encoder_tokens": the context's
//                     tokens (keys), "decoder_tokens": the sentence's (queries)}
//
// A is [1, heads, n, m] with the softmax weights of each head; masked cells
// are 0 (as in the trace), never NaN. Numbers are the shortest decimals that
// read back as the same float32.
#include <string>

#include "mha/trace.hpp"

namespace mha {

std::string trace_to_bertviz(const Trace& trace);

}  // namespace mha
