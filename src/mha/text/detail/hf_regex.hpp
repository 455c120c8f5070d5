#pragma once
// The regular expressions of tokenizer.json (Split patterns, Replace
// patterns, ByteLevel's GPT-2 pattern) through PCRE2, in UTF mode with
// Unicode properties for \d \s \w (UCP), JIT-compiled where the machine
// has it. Hugging Face compiles them with Oniguruma; the patterns the
// published files use (\p{L}, \p{N}, (?i:…), \s+(?!\S)) mean the same in both.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mha/text/detail/hf_json.hpp"

namespace mha::text::hf {

class Regex {
 public:
  // `literal`: the pattern is a plain string ({"String": …}). FormatError
  // "<source>: <path>: not a valid regular expression at offset N: <PCRE2's message>".
  Regex(const std::string& pattern, bool literal, const std::string& source, const std::string& path);

  // The non-overlapping matches [begin, end) in valid UTF-8 `text`, left
  // to right (an empty match is kept and the search goes on one character
  // later). InputError when the pattern gives up (PCRE2's match limit).
  std::vector<std::pair<std::size_t, std::size_t>> find_all(std::string_view text) const;

 private:
  struct Code;
  std::shared_ptr<const Code> code_;
  std::string where_;  // "<source>: <path>" for errors
};

// A Split's or Replace's "pattern": {"String": …} (a literal) or {"Regex": …};
// FormatError naming the path for anything else or a bad regex.
std::shared_ptr<const Regex> pattern_regex(const Node& pattern);

// GPT-2's pattern, which ByteLevel's use_regex splits with.
const Regex& gpt2_regex();

}  // namespace mha::text::hf
