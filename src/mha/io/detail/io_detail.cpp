#include "mha/io/detail/io_detail.hpp"

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "mha/core/error.hpp"
#include "mha/core/half.hpp"

namespace mha::io::detail {

void fail(std::string_view source, const std::string& what) {
  throw FormatError(std::string(source) + ": " + what);
}

std::string quote(std::string_view name) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "\"";
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      s += '\\';
      s += c;
    } else if (u < 0x20 || u == 0x7f) {
      s += "\\x";
      s += kHex[u >> 4];
      s += kHex[u & 15];
    } else {
      s += c;
    }
  }
  return s + "\"";
}

std::string read_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw IoError(file.string() + ": is a folder, expected a file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(file.string() + ": cannot open (" + std::strerror(errno) + ")");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad() || bytes.bad()) throw IoError(file.string() + ": cannot read");
  return std::move(bytes).str();
}

std::uint64_t load_le(std::string_view bytes, std::size_t offset, std::size_t size) {
  std::uint64_t v = 0;
  for (std::size_t i = size; i-- > 0;) v = (v << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return v;
}

void append_le(std::string& out, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

std::vector<float> decode(DType dtype, std::string_view bytes, bool big_endian) {
  const std::size_t size = dtype_size(dtype);
  const std::size_t n = bytes.size() / size;
  std::vector<float> out(n);
  if (dtype == DType::F32 && !big_endian && std::endian::native == std::endian::little) {
    if (n > 0) std::memcpy(out.data(), bytes.data(), 4 * n);  // already the layout of a float array
    return out;
  }
  char element[8];
  for (std::size_t i = 0; i < n; ++i) {
    std::memcpy(element, bytes.data() + i * size, size);
    if (big_endian)
      for (std::size_t a = 0, b = size - 1; a < b; ++a, --b) std::swap(element[a], element[b]);
    const std::uint64_t bits = load_le(std::string_view(element, size), 0, size);
    switch (dtype) {
      case DType::F16: out[i] = half_to_float(static_cast<std::uint16_t>(bits)); break;
      case DType::BF16: out[i] = bfloat_to_float(static_cast<std::uint16_t>(bits)); break;
      case DType::F32: out[i] = std::bit_cast<float>(static_cast<std::uint32_t>(bits)); break;
      case DType::F64: out[i] = static_cast<float>(std::bit_cast<double>(bits)); break;  // round to nearest
    }
  }
  return out;
}

void append_f32(std::string& out, const std::vector<float>& values) {
  out.reserve(out.size() + 4 * values.size());
  for (float v : values) append_le(out, std::bit_cast<std::uint32_t>(v), 4);
}

std::uint64_t checked_size(const Tensor& t) {
  const auto n = element_count(t.shape);
  if (!n || *n != t.data.size())
    throw ShapeError("tensor " + quote(t.name) + ": shape " + shape_string(t.shape) + " does not hold the " +
                     std::to_string(t.data.size()) + " values of its data");
  return *n;
}

}  // namespace mha::io::detail
