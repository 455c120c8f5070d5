// libFuzzer target: parse_word2vec on any bytes returns or throws an
// mha::Error. What it returns is a well-formed table, and keeping only some
// of its words (`wanted`) gives those words' rows unchanged.
#include "fuzz_check.hpp"
#include "fuzz_embeddings.hpp"
#include "mha/embeddings/detail/parse.hpp"
#include "mha/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz::bytes(data, size);
  try {
    const auto table = mha::parse_word2vec(bytes, "fuzz.bin", nullptr);
    fuzz::check_table(table);
    const auto some = fuzz::some_words(table);
    fuzz::require(fuzz::same_rows(table, mha::parse_word2vec(bytes, "fuzz.bin", &some), some));
  } catch (const mha::Error&) {
  }
  return 0;
}
