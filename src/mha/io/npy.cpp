#include "mha/io/npy.hpp"

#include <algorithm>

#include "mha/core/error.hpp"
#include "mha/io/detail/io_detail.hpp"
#include "mha/io/npy_header.hpp"

namespace mha::io {

namespace {

using detail::fail;

constexpr std::string_view kMagic = "\x93NUMPY";

struct Descr {
  DType dtype;
  bool big_endian;
};

Descr read_descr(const std::string& descr, std::string_view source) {
  if (descr.size() == 3 && std::string_view("<>|=").find(descr[0]) != std::string_view::npos && descr[1] == 'f') {
    const bool big = descr[0] == '>';
    if (descr[2] == '2') return {DType::F16, big};
    if (descr[2] == '4') return {DType::F32, big};
    if (descr[2] == '8') return {DType::F64, big};
  }
  fail(source, "npy header: descr " + detail::quote(descr) +
                   " is not supported (accepted: '<f2', '<f4', '<f8' and their '>' big-endian forms)");
}

// Fortran order is C order of the reversed shape: walk the C-order index and
// keep the matching Fortran offset up to date (first dimension fastest there).
std::vector<float> fortran_to_c(const std::vector<float>& f, const std::vector<std::int64_t>& shape) {
  std::vector<float> c(f.size());
  if (f.empty()) return c;
  const std::size_t dims = shape.size();
  std::vector<std::size_t> stride(dims), index(dims, 0);
  std::size_t s = 1;
  for (std::size_t k = 0; k < dims; ++k) {
    stride[k] = s;
    s *= static_cast<std::size_t>(shape[k]);
  }
  std::size_t offset = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    c[i] = f[offset];
    for (std::size_t k = dims; k-- > 0;) {
      if (++index[k] < static_cast<std::size_t>(shape[k])) {
        offset += stride[k];
        break;
      }
      offset -= (index[k] - 1) * stride[k];
      index[k] = 0;
    }
  }
  return c;
}

// Python's spelling of the shape: (), (5,), (3, 4).
std::string shape_tuple(const std::vector<std::int64_t>& shape) {
  std::string s = shape_string(shape);  // [], [5], [3, 4]
  s.front() = '(';
  s.back() = shape.size() == 1 ? ',' : ')';  // a 1-tuple needs its comma
  if (shape.size() == 1) s += ')';
  return s;
}

}  // namespace

Tensor read_npy(const std::filesystem::path& file) {
  return parse_npy(detail::read_file(file), file.string(), file.stem().string());
}

Tensor parse_npy(std::string_view bytes, const std::string& source, std::string name) {
  if (bytes.size() < 10)
    fail(source, "has " + std::to_string(bytes.size()) + " bytes, too few for an npy file (at least 10 before the header)");
  if (bytes.substr(0, 6) != kMagic) fail(source, "bytes 0-5 are not the npy magic \\x93NUMPY");
  const int major = static_cast<unsigned char>(bytes[6]), minor = static_cast<unsigned char>(bytes[7]);
  if (minor != 0 || major < 1 || major > 3)
    fail(source, "npy version " + std::to_string(major) + "." + std::to_string(minor) +
                     " (bytes 6-7) is not supported (accepted: 1.0, 2.0, 3.0)");
  const std::size_t length_size = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + length_size)
    fail(source, "has " + std::to_string(bytes.size()) + " bytes, too few for the header length of npy version " +
                     std::to_string(major) + ".0");
  const std::size_t header_start = 8 + length_size;
  const std::uint64_t header_size = detail::load_le(bytes, 8, length_size);
  if (header_size > bytes.size() - header_start)
    fail(source, "npy header length " + std::to_string(header_size) + " (bytes 8-" + std::to_string(header_start - 1) +
                     ") runs past the end of the file, which has " + std::to_string(bytes.size()) + " bytes");
  const auto header = detail::parse_npy_header(bytes.substr(header_start, header_size), source, header_start);
  const Descr descr = read_descr(header.descr, source);
  const auto count = element_count(header.shape);
  if (!count) fail(source, "npy header: shape " + shape_string(header.shape) + " has more than 2^58 elements");

  const std::string_view data = bytes.substr(header_start + header_size);
  const std::uint64_t needed = *count * dtype_size(descr.dtype);
  if (data.size() != needed)
    fail(source, "data has " + std::to_string(data.size()) + " bytes but " + detail::quote(header.descr) + " shape " +
                     shape_string(header.shape) + " needs " + std::to_string(needed) +
                     (data.size() < needed ? " (the file is truncated)" : " (the file has extra bytes)"));
  Tensor t;
  t.name = std::move(name);
  t.dtype = descr.dtype;
  t.shape = header.shape;
  t.data = detail::decode(descr.dtype, data, descr.big_endian);
  if (header.fortran_order && t.shape.size() > 1) t.data = fortran_to_c(t.data, t.shape);
  return t;
}

TensorSet read_npy_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw IoError(dir.string() + ": is not a folder");
  std::vector<std::filesystem::path> files;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw IoError(dir.string() + ": cannot list the folder (" + ec.message() + ")");
  for (const auto& entry : it)
    if (entry.path().extension() == ".npy" && entry.is_regular_file(ec)) files.push_back(entry.path());
  if (files.empty()) fail(dir.string(), "the folder has no .npy files");
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.filename().string() < b.filename().string(); });
  TensorSet set;
  set.source = dir.string();
  for (const auto& f : files) set.tensors.push_back(read_npy(f));
  return set;
}

std::string write_npy(const Tensor& t) {
  detail::checked_size(t);
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_tuple(t.shape) + ", }";
  // Preamble (magic, version, length) + dict + padding + '\n' is a multiple
  // of 64; version 1.0 has a 10-byte preamble and at most 65535 header bytes.
  const auto padding_after = [&](std::size_t prefix) { return (64 - (prefix + dict.size() + 1) % 64) % 64; };
  std::size_t preamble = 10;
  if (dict.size() + padding_after(10) + 1 > 65535) preamble = 12;
  const std::size_t padding = padding_after(preamble);
  dict.append(padding, ' ');
  dict += '\n';
  std::string out(kMagic);
  out += static_cast<char>(preamble == 10 ? 1 : 2);
  out += '\0';
  detail::append_le(out, dict.size(), preamble - 8);
  out += dict;
  detail::append_f32(out, t.data);
  return out;
}

}  // namespace mha::io
