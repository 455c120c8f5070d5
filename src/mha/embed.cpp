#include "mha/embed.hpp"

#include <cmath>

#include "mha/rng.hpp"

namespace mha {

RowVector random_embedding(const std::string& token, int d_model, std::uint64_t seed) {
  auto rng = stream_for(seed, "embed:" + token);
  RowVector e(d_model);
  for (int j = 0; j < d_model; ++j) e(j) = static_cast<float>(rng.normal());
  return e;
}

Matrix sinusoidal_positions(int n, int d_model) {
  Matrix P(n, d_model);
  for (int pos = 0; pos < n; ++pos) {
    for (int j = 0; j < d_model; ++j) {
      const int two_i = j - (j % 2);
      const double angle = pos / std::pow(10000.0, static_cast<double>(two_i) / d_model);
      P(pos, j) = static_cast<float>(j % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  }
  return P;
}

}  // namespace mha
