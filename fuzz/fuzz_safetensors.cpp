// libFuzzer target: parse_safetensors on any bytes returns or throws an
// mha::Error. What it returns must survive write_safetensors and a second
// parse unchanged (the writer stores F32, which holds every value read).
#include "fuzz_check.hpp"
#include "mha/core/error.hpp"
#include "mha/io/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto set = mha::io::parse_safetensors(fuzz::bytes(data, size), "fuzz.safetensors");
    for (const auto& t : set.tensors) fuzz::check_sizes(t);
    const auto again = mha::io::parse_safetensors(mha::io::write_safetensors(set.tensors, set.metadata), "again");
    fuzz::require(again.tensors.size() == set.tensors.size() && again.metadata == set.metadata);
    for (std::size_t i = 0; i < set.tensors.size(); ++i) fuzz::require(fuzz::same(set.tensors[i], again.tensors[i]));
  } catch (const mha::Error&) {
  }
  return 0;
}
