#pragma once
// embed and position: tokens -> X.
#include <cstdint>
#include <string>
#include <vector>

#include "mha/core/matrix.hpp"

namespace mha {

// The random embedding table: token string -> vector of d_model N(0, 1)
// samples from the stream stream_for(seed, "embed:" + token). A token gets
// the same vector wherever it appears, in this sentence or any other.
RowVector random_embedding(const std::string& token, int d_model, std::uint64_t seed);

// Sinusoidal positional encoding (Vaswani et al. 2017, §3.5):
//   P[pos, 2i]   = sin(pos / 10000^(2i / d_model))
//   P[pos, 2i+1] = cos(pos / 10000^(2i / d_model))
Matrix sinusoidal_positions(int n, int d_model);  // [n, d_model]

}  // namespace mha
