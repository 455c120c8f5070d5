#pragma once
// Weights from a file: W_Q, W_K, W_V, W_O and biases from any tensor set
// (safetensors, a folder of .npy, JSON; see io/read_tensors.hpp), in either
// of two namings (docs/weights.md):
//
//   ours, x·W layout:  W_Q [d, h·d_k]  W_K [kdim, h·d_k]  W_V [vdim, h·d_v]  W_O [h·d_v, d]
//                      b_Q [h·d_k]  b_K [h·d_k]  b_V [h·d_v]  b_O [d]   (all four or none)
//                      (with --kv-heads h_kv: W_K, b_K and W_V, b_V h_kv heads wide)
//   PyTorch's nn.MultiheadAttention state dict, y = x·Wᵀ + b:
//                      in_proj_weight [3d, d] (rows q | k | v), or q_proj_weight [d, d],
//                      k_proj_weight [d, kdim], v_proj_weight [d, vdim];
//                      in_proj_bias [3d]; out_proj.weight [d, d]; out_proj.bias [d]
//
// A prefix shared by every name ("self_attn.", "layers.0.attn.") is accepted.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mha/core/config.hpp"
#include "mha/io/tensor.hpp"
#include "mha/core/weights.hpp"

namespace mha {

// Fills the sizes `config` leaves at 0 (d_model, heads, d_k, d_v, kdim,
// vdim) from the file's shapes and its metadata ("num_heads"), so that
// `--weights FILE` alone is enough. Sizes the config sets are kept; the next
// call checks them.
Config sizes_from_weights(const io::TensorSet& set, Config config);

// The weights in our layout, every tensor checked by name against the
// resolved config (shape, finiteness). Throws FormatError / ShapeError naming
// the file, the tensor, its shape and the expected shape. Tensors it does not
// use are listed in `ignored`.
AttentionWeights weights_from_tensors(const io::TensorSet& set, const Config& resolved,
                                      std::vector<std::string>* ignored = nullptr);

}  // namespace mha
