#include "mha/core/embed.hpp"

#include <cmath>
#include <vector>

#include "mha/core/rng.hpp"

namespace mha {

Matrix embed(MatrixView T, const std::vector<std::int64_t>& ids) {
  Matrix E(static_cast<Index>(ids.size()), T.cols());  // [n, d]
  for (std::size_t t = 0; t < ids.size(); ++t) E.row(static_cast<Index>(t)) = T.row(ids[t]);
  return E;
}

Matrix embed(const HalfView& T, const std::vector<std::int64_t>& ids) {
  Matrix E(static_cast<Index>(ids.size()), T.cols);  // [n, d]
  Matrix row;
  for (std::size_t t = 0; t < ids.size(); ++t) {
    T.block(ids[t], 0, 1, T.cols).to_float(row);
    E.row(static_cast<Index>(t)) = row;
  }
  return E;
}

Matrix position(const Matrix& E, MatrixView P) { return E + P.topRows(E.rows()); }

RowVector random_embedding(const std::string& token, int d_model, std::uint64_t seed) {
  auto rng = stream_for(seed, "embed:" + token);
  RowVector e(d_model);
  for (int j = 0; j < d_model; ++j) e(j) = static_cast<float>(rng.normal());
  return e;
}

Matrix sinusoidal_positions(int n, int d_model) {
  // The divisor 10000^(2i/d) depends on the column only: computed once per column.
  std::vector<double> divisor(static_cast<std::size_t>(d_model));
  for (int j = 0; j < d_model; ++j)
    divisor[static_cast<std::size_t>(j)] = std::pow(10000.0, static_cast<double>(j - (j % 2)) / d_model);
  Matrix P(n, d_model);
  for (int pos = 0; pos < n; ++pos) {
    for (int j = 0; j < d_model; ++j) {
      const double angle = pos / divisor[static_cast<std::size_t>(j)];
      P(pos, j) = static_cast<float>(j % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  }
  return P;
}

}  // namespace mha
