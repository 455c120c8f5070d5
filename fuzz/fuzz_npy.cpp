// libFuzzer target: parse_npy on any bytes returns or throws an mha::Error.
// What it returns must survive write_npy and a second parse unchanged.
#include "fuzz_check.hpp"
#include "mha/core/error.hpp"
#include "mha/io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto t = mha::io::parse_npy(fuzz::bytes(data, size), "fuzz.npy", "t");
    fuzz::check_sizes(t);
    fuzz::require(fuzz::same(t, mha::io::parse_npy(mha::io::write_npy(t), "again.npy", "t")));
  } catch (const mha::Error&) {
  }
  return 0;
}
