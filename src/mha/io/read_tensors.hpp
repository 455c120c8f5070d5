#pragma once
// One entry point for every tensor format, chosen by the path:
//
//   a folder                         every *.npy in it (read_npy_dir)
//   *.safetensors                    read_safetensors
//   *.json                           read_tensor_json
//   *.npy                            read_npy, as a set of one tensor
//   any other name                   safetensors when the first bytes look
//                                    like one (a length that fits the file,
//                                    then '{'), npy when they are its magic
//
// Anything else is a FormatError naming the file and the accepted formats;
// a missing path is an IoError.
#include <filesystem>

#include "mha/io/tensor.hpp"

namespace mha::io {

TensorSet read_tensors(const std::filesystem::path& path);

}  // namespace mha::io
