// libFuzzer: ByteBpe::parse with any bytes as vocab.json (fixed merges) and
// as merges.txt (fixed vocabulary), then tokenizing with the result; and any
// bytes tokenized with a fixed vocabulary. Only mha::Error may come out of
// the parsers, only InputError out of tokenize; tokens cover the text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mha/core/error.hpp"
#include "mha/text/bpe.hpp"
#include "mha/text/utf8.hpp"
#include "text_fuzz_check.hpp"

namespace {

constexpr std::string_view kText = "I'll eat the 芝士薯条   now!\n🍟 café";
constexpr std::string_view kMerges = "#version: 0.2\nĠ t\nh e\nĠt he\nl l\n' ll\nè Ĭ\nĠ Ġ\n";

// The 256 byte symbols (id = byte) and the tokens the merges make.
std::string vocab_json() {
  std::string json = "{";
  for (unsigned b = 0; b < 256; ++b) {
    const std::string s = mha::utf8::encode(mha::ByteBpe::byte_symbol(static_cast<unsigned char>(b)));
    json += "\"" + std::string(s == "\"" || s == "\\" ? "\\" : "") + s + "\": " + std::to_string(b) + ",\n";
  }
  return json + "\"Ġt\": 256, \"he\": 257, \"Ġthe\": 258, \"ll\": 259, \"'ll\": 260, \"èĬ\": 261, \"ĠĠ\": 262}";
}

const std::string& fixed_vocab() {
  static const std::string v = vocab_json();
  return v;
}

void check(std::string_view text, const mha::ByteBpe& bpe) {
  try {
    check_tokens(text, bpe.tokenize(text), true);
  } catch (const mha::InputError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  try {
    check(kText, mha::ByteBpe::parse(in, "fuzz.json", kMerges, "merges.txt"));
  } catch (const mha::Error&) {
  }
  try {
    check(kText, mha::ByteBpe::parse(fixed_vocab(), "vocab.json", in, "fuzz.txt"));
  } catch (const mha::Error&) {
  }
  static const auto fixed = mha::ByteBpe::parse(fixed_vocab(), "vocab.json", kMerges, "merges.txt");
  check(in, fixed);
  return 0;
}
