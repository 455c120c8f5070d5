#pragma once
// tokenizer.json's added_tokens: tokens outside the model (special tokens
// such as <|im_start|>, and any the file adds), found in the text before the
// model sees it, longest first, with the single_word, lstrip and rstrip
// rules of Hugging Face's AddedVocabulary. A token marked normalized is
// looked for in the normalized text, the others in the input itself.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mha/text/detail/hf_json.hpp"

namespace mha::text::hf {

struct AddedToken {
  std::int64_t id;
  std::string content;
  bool single_word = false, lstrip = false, rstrip = false, normalized = false, special = false;
};

// A stretch of a text: one added token (index into the list) or text for the model (-1).
struct Segment {
  std::size_t begin, end;
  int added = -1;
};

class AddedTokens {
 public:
  // `node` is "added_tokens" (absent or null: none). FormatError naming the
  // entry for a missing field or an empty content.
  static AddedTokens parse(const Node& node);

  const std::vector<AddedToken>& tokens() const { return tokens_; }

  // `text` cut into added tokens (those with normalized == `normalized`)
  // and the stretches between them, in order; empty stretches are left out.
  std::vector<Segment> split(std::string_view text, bool normalized) const;

 private:
  std::vector<AddedToken> tokens_;
  std::vector<int> by_length_;  // indices, longest content first
};

}  // namespace mha::text::hf
