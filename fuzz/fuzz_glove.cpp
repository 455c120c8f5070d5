// libFuzzer target: parse_glove on any bytes returns or throws an mha::Error.
// What it returns is a well-formed table, and keeping only some of its words
// (`wanted`) gives those words' rows unchanged. The chunked reader under it
// splits lines the same whatever its chunk size.
#include <cmath>
#include <sstream>

#include "fuzz_check.hpp"
#include "fuzz_embeddings.hpp"
#include "mha/embeddings/byte_stream.hpp"
#include "mha/embeddings/detail/parse.hpp"
#include "mha/core/error.hpp"

namespace {

void check_lines(std::string_view bytes) {
  std::vector<std::string> whole, chunked;
  for (std::size_t at = 0; at < bytes.size();) {
    const std::size_t nl = std::min(bytes.find('\n', at), bytes.size());
    whole.emplace_back(bytes.substr(at, nl - at));
    at = nl + 1;
  }
  std::istringstream in{std::string(bytes)};
  mha::embeddings::ByteStream s(in, "fuzz", 3);
  while (auto line = s.line(bytes.size())) chunked.emplace_back(*line);
  fuzz::require(whole == chunked && s.offset() == bytes.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz::bytes(data, size);
  check_lines(bytes);
  try {
    const auto table = mha::parse_glove(bytes, "fuzz.txt", nullptr);
    fuzz::check_table(table);
    const auto some = fuzz::some_words(table);
    fuzz::require(fuzz::same_rows(table, mha::parse_glove(bytes, "fuzz.txt", &some), some));
  } catch (const mha::Error&) {
  }
  return 0;
}
