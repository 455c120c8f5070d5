#include "mha/views/png/pool.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace mha::png {

int pool_block(Index n, int max_cells) {
  if (max_cells <= 0 || n <= max_cells) return 1;
  return static_cast<int>((n + max_cells - 1) / max_cells);
}

Matrix pool_mean(const Matrix& m, int block_rows, int block_cols) {
  const Index br = std::max(block_rows, 1), bc = std::max(block_cols, 1);
  const Index rows = (m.rows() + br - 1) / br, cols = (m.cols() + bc - 1) / bc;
  Matrix out(rows, cols);
  // Sums in double, row by row of the input (cache friendly), one block row at a time.
  std::vector<double> sum(static_cast<std::size_t>(cols));
  std::vector<Index> count(static_cast<std::size_t>(cols));
  for (Index R = 0; R < rows; ++R) {
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(count.begin(), count.end(), Index{0});
    for (Index r = R * br; r < std::min(m.rows(), (R + 1) * br); ++r)
      for (Index c = 0; c < m.cols(); ++c) {
        const float v = m(r, c);
        if (std::isnan(v) || v == -std::numeric_limits<float>::infinity()) continue;
        sum[static_cast<std::size_t>(c / bc)] += double{v};
        ++count[static_cast<std::size_t>(c / bc)];
      }
    for (Index C = 0; C < cols; ++C) {
      const auto k = static_cast<std::size_t>(C);
      out(R, C) = count[k] ? static_cast<float>(sum[k] / static_cast<double>(count[k]))
                           : -std::numeric_limits<float>::infinity();
    }
  }
  return out;
}

}  // namespace mha::png
