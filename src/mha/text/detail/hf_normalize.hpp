#pragma once
// tokenizer.json's normalizers, on a string that remembers, for each of its
// bytes, which bytes of the input text it came from (Hugging Face's
// NormalizedString keeps the same alignment), so that a token's offsets are
// offsets of the text the user typed even after NFC, Prepend or Replace.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mha/text/detail/hf_json.hpp"

namespace mha::text::hf {

// Bytes [begin, end) of the input text. An empty span marks inserted text
// (a prepended "▁" or space): it stands at `begin` and covers nothing.
struct Span {
  std::uint32_t begin = 0, end = 0;
};

struct Aligned {
  std::string s;            // the text as the tokenizer now sees it (valid UTF-8)
  std::vector<Span> align;  // align[i]: where byte i of s came from
  std::uint32_t origin = 0;  // where the piece starts in the input (Metaspace's "first")

  // The input bytes [b, e) of s came from: the smallest covering range.
  Span cover(std::size_t b, std::size_t e) const;
  Aligned slice(std::size_t b, std::size_t e) const;
  void append(std::string_view bytes, Span from);
  // `bytes` at the front, standing as an empty span where the piece starts.
  void prepend(std::string_view bytes);
};

// The input text [b, e) itself, each byte aligned to itself.
Aligned aligned_input(std::string_view text, std::size_t b, std::size_t e);

// Replaces each match [b, e) of s, in order and not overlapping, by
// `content`, which then stands for the input that the match covered.
void replace_ranges(Aligned& a, const std::vector<std::pair<std::size_t, std::size_t>>& matches,
                    std::string_view content);

using Normalizer = std::vector<std::function<void(Aligned&)>>;  // applied in order

// `node` is tokenizer.json's "normalizer" (null: none). FormatError naming
// the path for a type that is not NFC, NFKC, NFD, NFKD, Sequence, Prepend,
// Replace, Lowercase or Strip.
Normalizer parse_normalizer(const Node& node);

}  // namespace mha::text::hf
