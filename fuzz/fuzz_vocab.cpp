// libFuzzer target: parse_vocab on any bytes returns or throws an mha::Error;
// what it returns are non-empty tokens without spaces, tabs or line breaks,
// one per line of the input.
#include <algorithm>

#include "fuzz_check.hpp"
#include "mha/embeddings/detail/parse.hpp"
#include "mha/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz::bytes(data, size);
  try {
    const auto words = mha::parse_vocab(bytes, "fuzz.vocab");
    const auto lines = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
    fuzz::require(words.size() == lines || words.size() == lines + 1);
    for (const auto& w : words) fuzz::require(!w.empty() && w.find_first_of(" \t\n") == std::string::npos);
  } catch (const mha::Error&) {
  }
  return 0;
}
