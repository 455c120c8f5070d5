# Tensor files (src/mha/io): paths relative to src/. Also compiled, with the
# fuzzing sanitizers, by fuzz/CMakeLists.txt.
set(MHA_IO_SOURCES
  mha/io/detail/io_detail.cpp
  mha/io/detail/json_document.cpp
  mha/io/mapped_file.cpp
  mha/io/npy.cpp
  mha/io/npy_header.cpp
  mha/io/read_tensors.cpp
  mha/io/safetensors.cpp
  mha/io/tensor.cpp
  mha/io/tensor_json.cpp
)
