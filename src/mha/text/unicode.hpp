#pragma once
// Unicode character properties for the tokenizers, from Debian's utf8proc
// (Unicode 15 in bookworm's 2.8). Nothing of utf8proc leaks out of here.
#include <cstdint>
#include <string>
#include <string_view>

namespace mha::text::unicode {

bool is_letter(char32_t cp);           // L*: Lu Ll Lt Lm Lo
bool is_number(char32_t cp);           // N*: Nd Nl No
bool is_punctuation(char32_t cp);      // P*
bool is_other(char32_t cp);            // C*: Cc Cf Cs Co Cn (controls, format, surrogates, private use, unassigned)
bool is_space_separator(char32_t cp);  // Zs
bool is_nonspacing_mark(char32_t cp);  // Mn

// Simple (one to one) lower-case mapping.
char32_t to_lower(char32_t cp);

// Canonical combining class (0 for starters).
int combining_class(char32_t cp);

// The full canonical decomposition of one code point (NFD of it alone);
// the code point itself when it has none.
std::u32string decompose(char32_t cp);

// Unicode normalization of valid UTF-8: NFC, NFD, NFKC or NFKD.
enum class Form { nfc, nfd, nfkc, nfkd };
std::string normalize(std::string_view valid_utf8, Form form);

// Whether an extended grapheme cluster ends between `before` and `after`;
// `state` carries what the rules need across a text (start it at 0).
bool grapheme_break(char32_t before, char32_t after, std::int32_t& state);

}  // namespace mha::text::unicode
