#pragma once
// What the text tokenizers share about their files: reading one whole, cutting
// it into numbered lines, and the one-line error that names the file and line.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mha/text/utf8.hpp"

namespace mha::text {

// A hash map from strings that can be searched with a string_view (no
// temporary string per lookup): the dictionaries and vocabularies.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

// The whole file. IoError naming the path (and `what` it should be) when it
// cannot be opened or read.
std::string read_file(const std::filesystem::path& path, std::string_view what);

struct Line {
  std::size_t number;      // from 1
  std::string_view bytes;  // without its "\n"
};

// The lines of a file: cut at each "\n"; the text after the last "\n" is a
// line only when it is not empty (a final newline ends the last line, it
// does not start another).
std::vector<Line> split_lines(std::string_view bytes);

// The characters of a line, after checking that it is not empty and is
// UTF-8 (FormatError naming the source and line otherwise).
std::vector<utf8::CodePoint> decode_line(const std::string& source, const Line& line, std::string_view expected);

// The line without the "\r" of a CRLF line end.
std::string_view without_cr(std::string_view line);

// Throws FormatError "<source> line <n>: <problem>; expected <expected>".
[[noreturn]] void fail_at(const std::string& source, std::size_t line, std::string_view problem,
                          std::string_view expected);

// The bytes quoted for an error message, at most 40 characters: valid UTF-8
// as text with its control characters shown as <U+000D> (utf8::printable),
// anything else with every byte outside printable ASCII as \xNN. A message
// stays one readable line whatever the file holds.
std::string quote(std::string_view bytes);

}  // namespace mha::text
