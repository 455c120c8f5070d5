// libFuzzer target: parse_tensor_json on any bytes returns or throws an
// mha::Error, and every tensor it returns holds product(shape) values.
#include "fuzz_check.hpp"
#include "mha/core/error.hpp"
#include "mha/io/tensor_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    for (const auto& t : mha::io::parse_tensor_json(fuzz::bytes(data, size), "fuzz.json").tensors) fuzz::check_sizes(t);
  } catch (const mha::Error&) {
  }
  return 0;
}
