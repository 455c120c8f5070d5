// libFuzzer target: what a model folder's files go through before any
// tensor is used. parse_safetensors_layout (with the integer dtypes real
// checkpoints hold) returns entries whose byte ranges lie inside the data
// buffer and tile it, or throws an mha::Error; parse_model_config on the
// same bytes returns a config whose sizes are positive and whose width the
// heads divide (the Llama family: whose query heads share the key/value
// heads evenly, with one window per block), or throws an mha::Error.
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
    fuzz::require(c.layers > 0 && c.heads > 0 && c.d_model > 0 && c.vocab_size > 0 && c.max_positions > 0 &&
                  c.d_ff > 0 && c.d_k() > 0);
    if (mha::is_llama_family(c.type))  // query head i reads key/value head i / (heads / kv_heads); a window per block
      fuzz::require(c.key_value_heads() > 0 && c.heads % c.key_value_heads() == 0 && c.rope_theta > 0 &&
                    c.windows.size() == static_cast<std::size_t>(c.layers) && c.rope_scaling.factor > 0);
    else
      fuzz::require(c.d_model % c.heads == 0);
  } catch (const mha::Error&) {
  }
  return 0;
}
