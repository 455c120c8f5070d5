#pragma once
// The header dict of a .npy file (private to npy.cpp), read by a strict
// parser for exactly the literal numpy writes, never by evaluating it:
//
//   header  = ws "{" ws [ item { ws "," ws item } ws [","] ] ws "}" ws
//   item    = key ws ":" ws value    (each of the three keys exactly once)
//   'descr': string   'fortran_order': True | False   'shape': tuple
//   tuple   = "(" ws ")" | "(" ws int ws "," ws ")" | "(" ws int { ws "," ws int } ws [","] ws ")"
//   int     = digits, optionally followed by L (Python 2 files)
//   string  = '...' or "..." without backslashes or newlines
//   ws      = spaces, tabs, newlines (numpy pads with spaces and ends with \n)
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mha::io::detail {

struct NpyHeader {
  std::string descr;
  bool fortran_order = false;
  std::vector<std::int64_t> shape;
};

// `text` starts at byte `base` of `source`; FormatError "<source>: npy header
// at byte N: expected ..." when it is not the grammar above.
NpyHeader parse_npy_header(std::string_view text, std::string_view source, std::size_t base);

}  // namespace mha::io::detail
