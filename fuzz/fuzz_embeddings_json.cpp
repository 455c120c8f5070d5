// libFuzzer target: parse_embeddings_json on any bytes returns or throws an
// mha::Error, and what it returns is a well-formed table.
#include "fuzz_check.hpp"
#include "fuzz_embeddings.hpp"
#include "mha/embeddings/detail/parse.hpp"
#include "mha/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    fuzz::check_table(mha::parse_embeddings_json(fuzz::bytes(data, size), "fuzz.json", nullptr));
  } catch (const mha::Error&) {
  }
  return 0;
}
