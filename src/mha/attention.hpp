#pragma once
// Multi-head attention, one function per step (names as in steps.hpp).
// Shapes: n tokens, d = d_model, h heads, d_k = d / h.
//
//   Q = X·W_Q,  K = X·W_K,  V = X·W_V                      [n, d]
//   Q_i = Q[:, i·d_k : (i+1)·d_k]   (same for K_i, V_i)    [n, d_k]
//   S_i = Q_i·K_iᵀ                                         [n, n]
//   A_i = softmax(S_i / √d_k + M)   row by row             [n, n]
//   C_i = A_i·V_i                                          [n, d_k]
//   Z   = [C_0 | … | C_{h−1}]                              [n, d]
//   Y   = Z·W_O                                            [n, d]
//
// Every head sees all n tokens; what a head owns is d_k feature columns.
#include <vector>

#include "mha/config.hpp"
#include "mha/matrix.hpp"
#include "mha/trace.hpp"
#include "mha/weights.hpp"

namespace mha {

Matrix project(const Matrix& X, const Matrix& W);             // X·W: [n, d]·[d, d] -> [n, d]
Matrix split_heads(const Matrix& M, int head, int d_k);       // columns [head·d_k, (head+1)·d_k)
Matrix scores(const Matrix& Q_i, const Matrix& K_i);          // Q_i·K_iᵀ -> [n, n]
Matrix scale(const Matrix& S_i, int d_k);                     // S_i / √d_k
Matrix mask(const Matrix& S_i, bool causal);                  // −∞ where key > query when causal
Matrix softmax(const Matrix& S_i);                            // row-wise, row maximum subtracted
Matrix context(const Matrix& A_i, const Matrix& V_i);         // A_i·V_i -> [n, d_k]
Matrix concat(const std::vector<Matrix>& C);                  // [C_0 | … | C_{h−1}] -> [n, d]
Matrix output(const Matrix& Z, const Matrix& W_O);            // Z·W_O -> [n, d]

// The whole layer on X [n, d_model]. When `trace` is given, every step from
// project_q to output is appended to it, rows labelled with `tokens`.
Matrix multi_head_attention(const Matrix& X, const AttentionWeights& w, const Config& config, const Labels& tokens,
                            Trace* trace);

}  // namespace mha
