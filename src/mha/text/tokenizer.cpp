#include "mha/text/tokenizer.hpp"

#include <memory>
#include <string>

#include "mha/core/error.hpp"
#include "mha/text/bpe.hpp"
#include "mha/text/detail/shipped.hpp"
#include "mha/text/dict_tokenizer.hpp"
#include "mha/text/hf_tokenizer.hpp"
#include "mha/text/wordpiece.hpp"

namespace mha {

std::string_view shipped_dictionary() { return text::shipped::zh_small_dict_txt; }

namespace {

const std::filesystem::path& need(const std::optional<std::filesystem::path>& file, const char* flag,
                                  TokenizerKind kind) {
  if (!file)
    throw InputError("the " + std::string(to_string(kind)) + " tokenizer needs " + flag);
  return *file;
}

}  // namespace

Tokenizer make_tokenizer(const TokenizerSpec& spec) {
  switch (spec.kind) {
    case TokenizerKind::whitespace:
    case TokenizerKind::character:
      return [kind = spec.kind](std::string_view text) { return tokenize(text, kind); };
    case TokenizerKind::dict: {
      auto t = std::make_shared<DictTokenizer>(
          spec.dict ? DictTokenizer::load(*spec.dict)
                    : DictTokenizer::parse(shipped_dictionary(), std::string(kShippedDictionary)));
      return [t](std::string_view text) { return t->tokenize(text); };
    }
    case TokenizerKind::wordpiece: {
      WordPieceOptions o;
      o.lower_case = o.strip_accents = spec.lower_case;
      o.add_special_tokens = spec.special_tokens;
      auto t = std::make_shared<WordPiece>(WordPiece::load(need(spec.vocab, "--vocab vocab.txt", spec.kind), o));
      return [t](std::string_view text) { return t->tokenize(text); };
    }
    case TokenizerKind::bpe: {
      const auto& vocab = need(spec.vocab, "--vocab vocab.json", spec.kind);  // asked for first
      const auto& merges = need(spec.merges, "--merges merges.txt", spec.kind);
      auto t = std::make_shared<ByteBpe>(ByteBpe::load(vocab, merges));
      return [t](std::string_view text) { return t->tokenize(text); };
    }
    case TokenizerKind::hf: {
      // tokenizer_config.json beside tokenizer.json, when there is one, as transformers reads it.
      const auto& json = need(spec.vocab, "--vocab tokenizer.json", spec.kind);
      const auto config = json.parent_path() / "tokenizer_config.json";
      auto t = std::make_shared<HfTokenizer>(
          HfTokenizer::load(json, std::filesystem::exists(config) ? std::optional(config) : std::nullopt));
      return [t](std::string_view text) { return t->tokenize(text); };
    }
  }
  throw InputError("unknown tokenizer");
}

}  // namespace mha
