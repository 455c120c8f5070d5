#pragma once
// tokenizer.json's "model" of type BPE: the vocabulary, the merges by rank,
// and how a word (one pre-token) becomes ids: ignore_merges (a word that is
// itself in the vocabulary is taken whole), characters missing from the
// vocabulary as byte_fallback's <0xNN> tokens or as unk_token (fuse_unk: a
// run of them as one), then the merges.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mha/text/detail/bpe_common.hpp"
#include "mha/text/detail/hf_json.hpp"
#include "mha/text/source.hpp"

namespace mha::text::hf {

struct WordPiece {
  std::uint32_t id;
  std::size_t begin, end;  // bytes of the word
};

class BpeModel {
 public:
  // FormatError naming the file and the path for another model type, a
  // vocabulary id given twice, a merge naming a token the vocabulary lacks
  // (or whose join it lacks), dropout or a subword prefix/suffix.
  static BpeModel parse(const Node& model);

  std::vector<WordPiece> word(std::string_view word) const;

  const text::StringMap<std::uint32_t>& vocab() const { return vocab_; }
  bool byte_fallback() const { return byte_fallback_; }

 private:
  text::StringMap<std::uint32_t> vocab_;
  detail::MergeTable merges_;
  std::optional<std::uint32_t> unk_;
  bool byte_fallback_ = false, fuse_unk_ = false, ignore_merges_ = false;
};

}  // namespace mha::text::hf
