#pragma once
// Helpers shared by the tensor loaders and writers (not installed, not API):
// one-line errors, bounds-checked little-endian reads, half-precision
// decoding, whole-file reading.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mha/io/tensor.hpp"

namespace mha::io::detail {

// Throws FormatError("<source>: <what>").
[[noreturn]] void fail(std::string_view source, const std::string& what);

// `name` in double quotes, with quotes, backslashes and control bytes escaped
// so that a message stays on one line whatever the file held.
std::string quote(std::string_view name);

// The whole file; IoError naming it when it is missing, a folder or unreadable.
std::string read_file(const std::filesystem::path& file);

// Unsigned little-endian integer of `size` bytes (1..8) at `offset`; the
// caller has checked that offset + size <= bytes.size().
std::uint64_t load_le(std::string_view bytes, std::size_t offset, std::size_t size);
void append_le(std::string& out, std::uint64_t value, std::size_t size);

// Elements of `dtype` packed in `bytes` (bytes.size() a multiple of the
// element size), little-endian unless `big_endian`, as floats.
std::vector<float> decode(DType dtype, std::string_view bytes, bool big_endian = false);

// Little-endian float32 bytes of `values`.
void append_f32(std::string& out, const std::vector<float>& values);

// For the writers: the element count of t.shape, which must equal
// t.data.size(); ShapeError naming the tensor otherwise.
std::uint64_t checked_size(const Tensor& t);

}  // namespace mha::io::detail
