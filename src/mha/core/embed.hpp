#pragma once
// The steps embed and position: tokens -> E -> X, and the toy layer's
// tables (random embeddings, sinusoidal positions). A real model (model/)
// calls the same two steps on its checkpoint's tables.
#include <cstdint>
#include <string>
#include <vector>

#include "mha/core/half.hpp"
#include "mha/core/matrix.hpp"

namespace mha {

// embed: E[t] = T[id_t], the table's row for token t    [V, d] -> [n, d]
Matrix embed(MatrixView T, const std::vector<std::int64_t>& ids);
// The same from a 16-bit table (a BF16 checkpoint's), each row turned into
// float32 as it is looked up.
Matrix embed(const HalfView& T, const std::vector<std::int64_t>& ids);

// position: X = E + P[0:n], the vector of position t added to row t
// (P [≥ n, d]: sinusoidal, or a model's learned table)   [n, d]
Matrix position(const Matrix& E, MatrixView P);

// The random embedding table: token string -> vector of d_model N(0, 1)
// samples from the stream stream_for(seed, "embed:" + token). A token gets
// the same vector wherever it appears, in this sentence or any other.
RowVector random_embedding(const std::string& token, int d_model, std::uint64_t seed);

// Sinusoidal positional encoding (Vaswani et al. 2017, §3.5):
//   P[pos, 2i]   = sin(pos / 10000^(2i / d_model))
//   P[pos, 2i+1] = cos(pos / 10000^(2i / d_model))
Matrix sinusoidal_positions(int n, int d_model);  // [n, d_model]

}  // namespace mha
