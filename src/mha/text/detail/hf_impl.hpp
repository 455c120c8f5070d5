#pragma once
// What a loaded HfTokenizer holds: the stages of tokenizer.json, parsed
// (hf_tokenizer.cpp runs them; hf_post.cpp reads the post-processor, the
// decoder and tokenizer_config.json).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mha/text/detail/hf_added.hpp"
#include "mha/text/detail/hf_bpe_model.hpp"
#include "mha/text/detail/hf_json.hpp"
#include "mha/text/detail/hf_normalize.hpp"
#include "mha/text/detail/hf_pretokenize.hpp"
#include "mha/text/hf_tokenizer.hpp"

namespace mha::text::hf {

// One item of TemplateProcessing's "single": the sequence ($A) itself, or a
// special token's ids (usually one: <s>, <|begin_of_text|>).
struct TemplateItem {
  bool sequence = false;
  std::vector<std::int64_t> ids;
  std::vector<std::string> tokens;
};
using Template = std::vector<TemplateItem>;

// One step of the decoder, as far as readable() needs it.
struct DecodeStep {
  enum Kind { byte_level, byte_fallback, replace } kind;
  std::string from, to;  // replace: every `from` becomes `to` (Metaspace: "▁" -> " ")
};

// `post_processor` (null: none; ByteLevel: nothing for ids; Sequence;
// TemplateProcessing): the templates to apply in order.
std::vector<Template> parse_post_processor(const Node& node);
// tokenizer_config.json's add_bos_token / add_eos_token, when it has either:
// the template becomes [bos_token] $A [eos_token] as transformers' Llama
// tokenizer builds it (a key it lacks: what the file's template does).
std::vector<Template> apply_config(const Node& config, std::vector<Template> templates,
                                   const HfTokenizer& tokenizer);
std::vector<DecodeStep> parse_decoder(const Node& node);
std::string decode(const std::vector<DecodeStep>& steps, std::string token);

}  // namespace mha::text::hf

namespace mha {

struct HfTokenizer::Impl {
  std::string source;
  text::hf::Normalizer normalizer;
  text::hf::PreTokenizer pre_tokenizer;
  text::hf::BpeModel model;
  text::hf::AddedTokens added;
  std::vector<text::hf::Template> templates;
  std::vector<text::hf::DecodeStep> decoder;
  std::vector<const std::string*> name_of;  // id -> entry (added token or vocabulary), nullptr for holes
  std::vector<int> added_of;                // id -> index into added.tokens(), -1 for model tokens
};

}  // namespace mha
