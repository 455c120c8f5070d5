#pragma once
// UTF-8 in one place: strict decoding (no overlong forms, no surrogates,
// nothing above U+10FFFF) and the width a code point takes on a terminal.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mha::utf8 {

struct CodePoint {
  char32_t value;
  std::size_t offset;  // byte offset of its first byte in the input
  std::size_t length;  // 1..4 bytes
};

// Decodes the whole string; throws InputError naming `what` and the byte
// offset of the first invalid sequence.
std::vector<CodePoint> decode(std::string_view text, std::string_view what = "input");

// For drawing text that may not be valid: every byte that does not start a
// valid sequence becomes `replacement`, and decoding goes on at the next byte.
std::vector<char32_t> decode_lenient(std::string_view text, char32_t replacement = U'?');

std::string encode(char32_t cp);

// Unicode White_Space (the ones a sentence may contain).
bool is_space(char32_t cp);

// Columns on a monospaced terminal: 2 for East Asian Wide/Fullwidth
// (CJK ideographs, kana, hangul, fullwidth forms, most emoji), 0 for
// combining marks and controls, 1 otherwise.
int width(char32_t cp);
int width(std::string_view valid_utf8);

// The longest prefix of `s` that fits in `columns` terminal columns; if it had
// to cut, the last column is an ellipsis "…".
std::string fit(std::string_view valid_utf8, int columns);

// `s` with spaces before (pad_left: right-aligned) or after it, to fill
// `columns` terminal columns; unchanged when it is already as wide.
std::string pad_left(std::string_view valid_utf8, int columns);
std::string pad_right(std::string_view valid_utf8, int columns);

// The text safe to print on a terminal: control characters (C0, DEL, C1) and
// the invisible bidirectional controls (U+200E/F, U+202A-E, U+2066-9, U+061C),
// which would garble or reverse the rest of the line, are shown as
// "<U+202E>". Everything else is kept as it is.
std::string printable(std::string_view valid_utf8);

// Breaks text into lines of at most `columns` terminal columns: at spaces,
// or between two wide (CJK) characters. A single word longer than a line
// stays whole.
std::vector<std::string> wrap(std::string_view valid_utf8, int columns);

}  // namespace mha::utf8
