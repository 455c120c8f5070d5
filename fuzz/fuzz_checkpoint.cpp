// libFuzzer target: what a model folder's files go through before any
// tensor is used. parse_safetensors_layout (with the integer dtypes real
// checkpoints hold) returns entries whose byte ranges lie inside the data
// buffer and tile it, or throws an mha::Error; parse_model_config on the
// same bytes returns a config whose sizes are positive and whose width the
// heads divide, or throws an mha::Error.
#include "fuzz_check.hpp"
#include "mha/core/error.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/model/model_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = fuzz::bytes(data, size);
  try {
    const auto layout = mha::io::parse_safetensors_layout(bytes, "fuzz.safetensors", true);
    std::uint64_t covered = 0;
    for (const auto& e : layout.entries) {
      fuzz::require(e.begin <= e.end && layout.data_start + e.end <= size);
      covered += e.end - e.begin;
    }
    fuzz::require(layout.data_start + covered == size);
  } catch (const mha::Error&) {
  }
  try {
    const mha::ModelConfig c = mha::parse_model_config(bytes, "config.json");
    fuzz::require(c.layers > 0 && c.heads > 0 && c.d_model > 0 && c.d_model % c.heads == 0 && c.vocab_size > 0 &&
                  c.max_positions > 0 && c.d_ff > 0);
  } catch (const mha::Error&) {
  }
  return 0;
}
