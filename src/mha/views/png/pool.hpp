#pragma once
// Mean pooling of long attention matrices, so that a 2048 x 2048 matrix
// becomes a picture that can be drawn and looked at: each cell of the pooled
// matrix is the mean of a block of block_rows x block_cols cells.
#include "mha/core/matrix.hpp"

namespace mha::png {

// The block size along an axis of n cells so that at most max_cells remain:
// 1 up to max_cells, else ceil(n / max_cells). max_cells <= 0: never pool.
int pool_block(Index n, int max_cells);

// Mean of each block_rows x block_cols block (the last block of a row or
// column may be smaller when the size does not divide). Masked cells (-inf)
// and NaN are left out of the mean: the pooled cell is the mean of the cells
// that have a value, and masked (-inf) only when the whole block is masked.
// +inf counts as a value. Blocks are clamped to at least 1.
Matrix pool_mean(const Matrix& m, int block_rows, int block_cols);

}  // namespace mha::png
