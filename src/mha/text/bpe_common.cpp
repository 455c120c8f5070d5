#include "mha/text/detail/bpe_common.hpp"

namespace mha::text::detail {

namespace {

bool printable(unsigned b) { return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; }

}  // namespace

char32_t byte_symbol(unsigned char byte) {
  if (printable(byte)) return byte;
  unsigned shifted = 0;
  for (unsigned b = 0; b < byte; ++b)
    if (!printable(b)) ++shifted;
  return 0x100 + shifted;
}

int symbol_byte(char32_t symbol) {
  if (symbol < 0x100) return printable(static_cast<unsigned>(symbol)) ? static_cast<int>(symbol) : -1;
  unsigned shifted = static_cast<unsigned>(symbol - 0x100);
  for (unsigned b = 0; b < 256; ++b)
    if (!printable(b) && shifted-- == 0) return static_cast<int>(b);
  return -1;
}

std::string shown_bytes(std::string_view bytes) {
  std::string out;
  bool cut = false;  // the last thing appended was "…"
  for (const char32_t c : utf8::decode_lenient(bytes, U'\uFFFD')) {
    if (c == U'\uFFFD') {
      if (!cut) out += "…";
      cut = true;
      continue;
    }
    out += utf8::encode(c);
    cut = false;
  }
  return out;
}

CharIndex::CharIndex(std::string_view text) : cps(utf8::decode(text, "sentence")), cp_of_byte(text.size()) {
  for (std::size_t k = 0; k < cps.size(); ++k)
    for (std::size_t b = 0; b < cps[k].length; ++b) cp_of_byte[cps[k].offset + b] = static_cast<std::uint32_t>(k);
}

std::string label_of(std::string_view text, const CharIndex& index, std::size_t b, std::size_t e, bool& partial) {
  const utf8::CodePoint& first = index.cps[index.cp_of_byte[b]];
  const utf8::CodePoint& last = index.cps[index.cp_of_byte[e - 1]];
  const bool cut_front = first.offset < b, cut_back = last.offset + last.length > e;
  partial = cut_front || cut_back;
  std::string out = cut_front ? "…" : "";
  out.append(text.substr(first.offset, last.offset + last.length - first.offset));
  if (cut_back) out += "…";
  return out;
}

}  // namespace mha::text::detail
