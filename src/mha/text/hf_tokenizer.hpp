#pragma once
// HfTokenizer: Hugging Face tokenizers' tokenizer.json, as Qwen2/2.5/3,
// Llama 2 and 3, Mistral, TinyLlama and SmolLM publish it (docs/tokenizer-json.md).
// The text goes through the same stages as in Hugging Face's library:
//
//  1. added_tokens (special tokens such as <|im_start|>) are found first,
//     longest first; the model never splits them.
//  2. normalizer: NFC/NFKC/NFD/NFKD, Prepend, Replace, Lowercase, Strip, in a
//     Sequence; every byte remembers where in the input it came from.
//  3. pre_tokenizer: Split (a PCRE2 regex or a string, five behaviors),
//     ByteLevel (bytes spelled as GPT-2's symbols, "Ġ" for the space),
//     Metaspace ("▁" for the space), Digits, in a Sequence.
//  4. model: BPE, merges by rank; byte_fallback's <0xNN> tokens, unk_token.
//  5. post_processor: TemplateProcessing's BOS / EOS (or tokenizer_config.json's
//     add_bos_token / add_eos_token, as transformers' Llama tokenizer reads them).
//
// Everything else in a file is refused with a one-line FormatError naming the
// file, the JSON path and what is supported. A loaded tokenizer is immutable;
// copies share it, and tokenize may run on several threads at once.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mha/text/tokenize.hpp"

namespace mha {

class HfTokenizer {
 public:
  // tokenizer_config: tokenizer_config.json beside it when present (its
  // add_bos_token / add_eos_token override the template, as transformers
  // does for Llama's fast tokenizer). IoError when a file cannot be read;
  // FormatError naming the file and the place for anything it cannot use.
  static HfTokenizer load(const std::filesystem::path& tokenizer_json,
                          const std::optional<std::filesystem::path>& tokenizer_config = std::nullopt);
  static HfTokenizer parse(std::string_view json, const std::string& source,
                           std::optional<std::string_view> config_json = std::nullopt,
                           const std::string& config_source = {});

  // Like HF's tokenizer(text)["input_ids"] (add_special_tokens: the
  // post-processor's template, e.g. <s> / <|begin_of_text|>), with each
  // Token's byte range in `text` (template tokens: an empty range at the
  // start or the end), its vocabulary entry as Token::text ("Ġworld",
  // "▁world", "<0xE8>"), the input it stands for as its label, and `partial`
  // when it holds part of a UTF-8 character ("芝…", "…芝"). A token standing
  // for inserted text only (a prepended "▁") has an empty range and its
  // readable() as label. InputError for invalid UTF-8 or empty text.
  std::vector<Token> tokenize(std::string_view text, bool add_special_tokens = true) const;

  std::size_t size() const;                            // 1 + the largest id (model vocab and added tokens)
  const std::string* token_of(std::int64_t id) const;  // the entry ("Ġworld", "▁world", "<0xE8>", "<|im_start|>") or nullptr
  std::int64_t id_of(std::string_view token) const;    // -1 when absent
  // The text the token stands for (" world"; bytes that are not whole UTF-8
  // shown as "…"), through the file's decoder, for next-token predictions.
  std::string readable(std::int64_t id) const;
  std::optional<std::int64_t> bos_id() const;  // the BOS the template adds, if any
  std::optional<std::int64_t> eos_id() const;  // the EOS the template adds, if any

 private:
  struct Impl;  // the parsed stages (text/detail/hf_impl.hpp)
  explicit HfTokenizer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace mha
