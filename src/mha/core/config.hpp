#pragma once
// Config: the sizes and switches of one run. Nothing here holds numbers of
// the model; those are in AttentionWeights and the embedding table.
#include <cstdint>
#include <string>
#include <string_view>

#include "mha/core/enum_names.hpp"
#include "mha/core/token.hpp"

namespace mha {

// rope: rotary position embeddings, applied to each head's queries and keys
// (X = E). learned: a real model's own position table (--model; not a
// --positional choice).
enum class Positional { none, sinusoidal, rope, learned };
inline constexpr auto kPositionalNames = enum_names<Positional>(
    "positional encoding",
    {{Positional::none, "none"},
     {Positional::sinusoidal, "sinusoidal"},
     {Positional::rope, "rope"},
     {Positional::learned, "learned"}},
    3);  // a user chooses none, sinusoidal or rope
std::string_view to_string(Positional p);
// RoPE's θ as formulas, messages and --help write it: "10000", "500000", "1e+06".
std::string format_theta(double theta);
Positional positional_from_string(std::string_view s);  // throws InputError listing none and sinusoidal

struct Limits {
  static constexpr int max_d_model = 4096;
  static constexpr int max_tokens = 4096;
  // n·n·heads: the size of one attention step over all heads. 2^26 floats is
  // 256 MiB per step; the trace keeps four such steps.
  static constexpr std::int64_t max_attention_cells = std::int64_t{1} << 26;
};

// The sizes of one run. A size of 0 means "the default": resolved() fills
// it in (d_k = d_v = d_model / heads, kdim = vdim = d_model), so the engine
// and every view only ever see a resolved config.
struct Config {
  int d_model = 8;  // width of every token vector (and of the output Y)
  int heads = 2;    // h; each head works on its own d_k feature columns of Q and K, d_v of V
  int kv_heads = 0;  // key/value heads (grouped-query attention); query head i reads i / (h / kv_heads); 0: h
  int d_k = 0;      // per-head width of queries and keys; 0: d_model / h
  int d_v = 0;      // per-head width of values (and of each head's context C_i); 0: d_model / h
  int kdim = 0;     // width of the vectors keys are computed from; 0: d_model (differs only with a context)
  int vdim = 0;     // width of the vectors values are computed from; 0: d_model
  bool bias = false;  // projections add b_Q, b_K, b_V, b_O (drawn, or read from --weights)
  std::uint64_t seed = 42;
  TokenizerKind tokenizer = TokenizerKind::whitespace;
  Positional positional = Positional::sinusoidal;
  double rope_theta = 10000.0;  // --positional rope: the angle of pair j at position p is p·θ^(−2j/d_k)
  bool causal = false;    // query q may only attend to keys 0..q
  std::string pad_token;  // keys whose text equals it are padding and get no attention ("" = none)

  // Defaults filled in, then validated. Throws InputError / ShapeError with what is allowed.
  Config resolved() const;
  void validate() const;  // of a resolved config
  // Checks n query tokens against m key tokens fit the limits; throws InputError.
  void validate_tokens(std::size_t n, std::size_t m) const;
};

}  // namespace mha
