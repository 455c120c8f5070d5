// libFuzzer: WordPiece::parse on any bytes (then tokenizing with the result,
// special tokens on when the vocabulary has them), and any bytes tokenized
// with a fixed vocabulary, the options taken from the first byte (one set a
// run keeps the runs fast). Only mha::Error may come out.
#include <cstddef>
#include <cstdint>

#include "mha/core/error.hpp"
#include "mha/text/wordpiece.hpp"
#include "text_fuzz_check.hpp"

namespace {

constexpr std::string_view kText = "Unaffable CAFÉ playing, 我喜欢吃🍟 don't\u200D İstanbul 한국";
constexpr std::string_view kVocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nthe\nun\n##aff\n##able\nplay\n##ing\n##s\ncafe\n我\n喜\n欢\n,\n!\n'\nt\ndon\na\n##a\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  for (bool special : {false, true}) {
    try {
      const auto wp = mha::WordPiece::parse(in, "fuzz.txt", {true, true, special});
      check_tokens(kText, wp.tokenize(kText), false);
    } catch (const mha::Error&) {
    }
  }
  static const mha::WordPiece* fixed[8] = {};
  const unsigned options = size > 0 ? data[0] & 7u : 0u;
  const mha::WordPieceOptions o{(options & 1) != 0, (options & 2) != 0, (options & 4) != 0};
  if (!fixed[options]) fixed[options] = new mha::WordPiece(mha::WordPiece::parse(kVocab, "fixed", o));
  try {
    check_tokens(in, fixed[options]->tokenize(in), false);
  } catch (const mha::InputError&) {
  }
  return 0;
}
