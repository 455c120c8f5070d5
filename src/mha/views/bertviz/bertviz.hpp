#pragma once
// bertviz: the attention weights as JSON in the form bertviz's head_view and
// model_view take them (jessevig/bertviz, bertviz/head_view.py): a list with
// one tensor per layer, each [batch = 1, heads, queries, keys], and the
// tokens. Every key of the file is one of head_view's and model_view's
// argument names, so docs/bertviz.md can pass the file on in five lines of
// Python.
//
//   self-attention:  {"attention": [A], "tokens": [...]}
//   cross-attention: {"cross_attention": [A], "encoder_tokens": the context's
//                     tokens (keys), "decoder_tokens": the sentence's (queries)}
//   --model run:     {"attention": [A_0, A_1, …, A_last], "tokens": [...],
//                     "sentence_b_start": BERT with --pair: the first token of type 1,
//                     "include_layers": the captured blocks, when --layers left some out}
//
// A is [1, heads, n, m] with the softmax weights of each head; masked cells
// are 0 (as in the trace), never NaN. A model run writes blocks 0 to the last
// captured one with all the model's heads: a head or block that --heads or
// --layers left out is all zeros (bertviz draws nothing for it), written 0.0
// so that torch.tensor reads float32 even for a block of zeros; and
// include_layers keeps the left-out blocks out of bertviz's layer menu, whose
// numbers stay the model's. Numbers are the shortest decimals that read
// back as the same float32. Throws InputError for a trace without softmax
// weights (a model run whose --steps left softmax out).
#include <string>

#include "mha/core/trace.hpp"

namespace mha {

std::string trace_to_bertviz(const Trace& trace);

}  // namespace mha
