#pragma once
// Token: one piece of the input text as the Trace records it (its bytes,
// its id in a vocabulary, a readable label), and TokenizerKind, which
// tokenizer made it. The tokenizers themselves are in mha/text/.
#include <cstdint>
#include <string>
#include <string_view>

#include "mha/core/enum_names.hpp"

namespace mha {

enum class TokenizerKind {
  whitespace,  // split on Unicode white space: "我 喜欢 吃" -> 我 | 喜欢 | 吃
  character,   // one token per code point, white space dropped: "喜欢" -> 喜 | 欢
  dict,        // jieba-style dictionary segmentation (text/dict_tokenizer.hpp): "我喜欢吃" -> 我 | 喜欢 | 吃
  wordpiece,   // BERT's vocab.txt (text/wordpiece.hpp)
  bpe,         // GPT-2's byte-level BPE, vocab.json + merges.txt (text/bpe.hpp)
  hf,          // Hugging Face's tokenizer.json: Qwen, Llama, Mistral (text/hf_tokenizer.hpp)
};

inline constexpr auto kTokenizerNames =
    enum_names<TokenizerKind>("tokenizer", {{TokenizerKind::whitespace, "whitespace"},
                                            {TokenizerKind::character, "char"},
                                            {TokenizerKind::dict, "dict"},
                                            {TokenizerKind::wordpiece, "wordpiece"},
                                            {TokenizerKind::bpe, "bpe"},
                                            {TokenizerKind::hf, "hf"}});
std::string_view to_string(TokenizerKind kind);
TokenizerKind tokenizer_from_string(std::string_view name);  // throws InputError listing the names

struct Token {
  // The token as its tokenizer names it (always valid UTF-8): the input's own
  // bytes for whitespace, char and dict; the vocabulary entry for wordpiece
  // ("##ing", "[UNK]"), bpe (GPT-2's byte-level spelling, "Ġworld") and hf
  // ("Ġworld", "▁world", "<0xE8>").
  std::string text;
  std::size_t byte_begin = 0;  // where it starts in the input text
  std::size_t byte_end = 0;    // one past its last byte ([CLS]/[SEP]: an empty span)
  std::int64_t id = -1;        // its id in the vocabulary; -1 when no vocabulary is used
  // Readable text for pictures and tables; empty means: show `text`. bpe and
  // hf set it to the input text the token stands for (芝, not "èĬĿ").
  std::string label = {};
  // bpe and hf only: the token holds part of a UTF-8 character; its label then shows
  // the cut character with "…" on the side(s) where the token cuts it:
  // "芝…" (first bytes), "…芝" (last bytes), "…🍟…" (middle bytes only).
  bool partial = false;

  // What to show for this token: `label`, or `text` when there is none.
  const std::string& shown() const { return label.empty() ? text : label; }
};

}  // namespace mha
