#pragma once
// tokenizer.json's pre-tokenizers: they cut each normalized piece into the
// words the model sees, and may respell them (ByteLevel's byte symbols,
// Metaspace's "▁"), keeping the alignment to the input text.
#include <functional>
#include <vector>

#include "mha/text/detail/hf_json.hpp"
#include "mha/text/detail/hf_normalize.hpp"

namespace mha::text::hf {

using PreTokenizer = std::vector<std::function<void(std::vector<Aligned>&)>>;  // applied in order

// `node` is tokenizer.json's "pre_tokenizer" (null: none). FormatError
// naming the path for a type that is not Sequence, Split, ByteLevel,
// Metaspace or Digits, an unknown Split behavior or a bad regex.
PreTokenizer parse_pre_tokenizer(const Node& node);

}  // namespace mha::text::hf
