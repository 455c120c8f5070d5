#pragma once
// What every text fuzz target checks of the tokens it gets: each byte range
// lies inside the text and in order; `contiguous` when the tokens must also
// cover the text from its first byte to its last, one after the other (dict
// segments and bpe tokens do; wordpiece drops white space and controls).
// A broken promise traps, which libFuzzer reports as a crash.
#include <string_view>
#include <vector>

#include "mha/text/tokenize.hpp"

inline void check_tokens(std::string_view text, const std::vector<mha::Token>& tokens, bool contiguous) {
  std::size_t at = 0;
  for (const auto& t : tokens) {
    if (t.byte_begin > t.byte_end || t.byte_end > text.size() || t.byte_begin < at) __builtin_trap();
    if (contiguous && t.byte_begin != at) __builtin_trap();
    at = contiguous ? t.byte_end : t.byte_begin;
  }
  if (contiguous && at != text.size()) __builtin_trap();
}
