#pragma once
// NumPy .npy files: what is accepted.
//
//   bytes 0-5   magic "\x93NUMPY"
//   bytes 6-7   version 1.0 (then a u16 little-endian header length at 8-9),
//               2.0 or 3.0 (a u32 at 8-11)
//   then        the header: a Python dict literal such as
//               {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
//               read by a strict parser (npy_header.hpp has the grammar)
//   then        the data, exactly elements x element size bytes
//
// descr: '<f2', '<f4', '<f8' (float16/32/64); '|' and '=' in place of '<' are
// read as little-endian; '>f2', '>f4', '>f8' are byte-swapped. fortran_order
// True is transposed into row-major. Shapes: () scalar, (5,), (3, 4), ...
// Files that are truncated or longer than the data are refused, naming the
// byte counts. Errors are mha::FormatError "<source>: <where>: <expected>";
// a missing or unreadable file is mha::IoError.
#include <filesystem>
#include <string>
#include <string_view>

#include "mha/io/tensor.hpp"

namespace mha::io {

// One tensor named after the file stem (weights/W_Q.npy -> "W_Q").
Tensor read_npy(const std::filesystem::path& file);
Tensor parse_npy(std::string_view bytes, const std::string& source, std::string name);

// Every regular file ending in .npy directly in `dir` (not below), sorted by
// file name, each named by its stem. source = the folder. A folder without
// any .npy file is a FormatError; a missing folder an IoError.
TensorSet read_npy_dir(const std::filesystem::path& dir);

// The bytes of an .npy file holding t as '<f4' in C order: format 1.0, or 2.0
// when the header would not fit in 65535 bytes; the header is padded with
// spaces and a newline so that the data starts at a multiple of 64 bytes, as
// numpy does. ShapeError when t.data does not match t.shape.
std::string write_npy(const Tensor& t);

}  // namespace mha::io
