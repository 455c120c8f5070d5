// libFuzzer: DictTokenizer::parse on any bytes (then a segmentation with the
// result), and any bytes segmented with a fixed dictionary. Only mha::Error
// may come out of the parser, only InputError (invalid UTF-8) out of the
// segmentation; segments cover the text exactly, their text is their bytes.
#include <cstddef>
#include <cstdint>

#include "mha/core/error.hpp"
#include "mha/text/dict_tokenizer.hpp"
#include "text_fuzz_check.hpp"

namespace {

constexpr std::string_view kText = "我喜欢吃芝士薯条 GPT-2，🍟\r\n和培根";

const mha::DictTokenizer& fixed() {
  static const auto dict = mha::DictTokenizer::parse("我 5\n喜欢 3 v\n吃 3\n芝士 2\n薯条 2\n和培根 0\nab 1\nGPT 4 eng\n", "fixed");
  return dict;
}

void check(std::string_view text, const std::vector<mha::Token>& segments) {
  check_tokens(text, segments, true);
  for (const auto& t : segments)
    if (text.substr(t.byte_begin, t.byte_end - t.byte_begin) != t.text) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  try {
    const auto dict = mha::DictTokenizer::parse(in, "fuzz.dict");
    check(kText, dict.segment(kText));
  } catch (const mha::Error&) {
  }
  try {
    check(in, fixed().segment(in));
  } catch (const mha::InputError&) {
  }
  return 0;
}
