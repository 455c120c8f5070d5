#pragma once
// Config: the sizes and switches of one run. Nothing here holds numbers of
// the model; those are in AttentionWeights and the embedding table.
#include <cstdint>
#include <string_view>

#include "mha/tokenize.hpp"

namespace mha {

enum class Positional { none, sinusoidal };
std::string_view to_string(Positional p);                // "none", "sinusoidal"
Positional positional_from_string(std::string_view s);  // throws InputError

struct Limits {
  static constexpr int max_d_model = 4096;
  static constexpr int max_tokens = 4096;
  // n·n·heads: the size of one attention step over all heads. 2^26 floats is
  // 256 MiB per step; the trace keeps four such steps.
  static constexpr std::int64_t max_attention_cells = std::int64_t{1} << 26;
};

struct Config {
  int d_model = 8;  // width of every token vector
  int heads = 2;    // h; each head works on d_k = d_model / h feature columns
  std::uint64_t seed = 42;
  TokenizerKind tokenizer = TokenizerKind::whitespace;
  Positional positional = Positional::sinusoidal;
  bool causal = false;  // token t may only attend to tokens 0..t

  int d_k() const { return d_model / heads; }
  // Throws InputError / ShapeError with what is allowed.
  void validate() const;
  // Checks a sentence of n tokens fits the limits; throws InputError.
  void validate_tokens(std::size_t n) const;
};

}  // namespace mha
