// libFuzzer: HfTokenizer::parse with any bytes as tokenizer.json (or as
// tokenizer_config.json beside the tiny llama2 file), then tokenizing a fixed
// text with the result; or any bytes tokenized with each of the tiny
// fixtures of tests/data/hf-tokenizers/ (byte-level BPE with a Split regex,
// ignore_merges and a template; Prepend/Replace with byte_fallback). Only
// mha::Error may come out of parse, only InputError out of tokenize; tokens
// lie inside the text, in order; readable() answers for every id.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "mha/core/error.hpp"
#include "mha/text/hf_tokenizer.hpp"
#include "text_fuzz_check.hpp"

namespace {

constexpr std::string_view kText = "I'll eat the 芝士薯条   now!\n🍟 café <|im_start|><s> 123456";

std::string fixture(const char* name) {
  std::ifstream in(std::string(MHA_SOURCE_DIR) + "/tests/data/hf-tokenizers/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void check(std::string_view text, const mha::HfTokenizer& t) {
  try {
    check_tokens(text, t.tokenize(text), false);
  } catch (const mha::InputError&) {
  }
}

}  // namespace

// The first byte picks what the rest is: 0 tokenizer.json, 1 the llama2
// fixture's tokenizer_config.json, 2 a text (each run does one, so each is fast).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const std::string llama2 = fixture("llama2/tokenizer.json");
  static const auto qwen2 = mha::HfTokenizer::parse(fixture("qwen2/tokenizer.json"), "qwen2");
  static const auto llama3 = mha::HfTokenizer::parse(fixture("llama3/tokenizer.json"), "llama3");
  static const auto llama2_t = mha::HfTokenizer::parse(llama2, "llama2", fixture("llama2/tokenizer_config.json"), "c");
  switch (data[0] % 3) {
    case 0:
      try {
        const auto t = mha::HfTokenizer::parse(in, "fuzz.json");
        check(kText, t);
        for (std::int64_t id = 0; id < static_cast<std::int64_t>(t.size()) && id < 300; ++id) (void)t.readable(id);
      } catch (const mha::Error&) {
      }
      break;
    case 1:
      try {
        check(kText, mha::HfTokenizer::parse(llama2, "llama2.json", in, "fuzz_config.json"));
      } catch (const mha::Error&) {
      }
      break;
    default:
      check(in, qwen2);
      check(in, llama3);
      check(in, llama2_t);
  }
  return 0;
}
