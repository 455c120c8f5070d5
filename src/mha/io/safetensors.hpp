#pragma once
// safetensors (HuggingFace): what is accepted.
//
//   bytes 0-7   N, unsigned 64-bit little-endian: the header length
//   bytes 8..   N bytes of UTF-8 JSON, an object; may end in padding spaces
//               {"<name>": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]},
//                ..., "__metadata__": {"<key>": "<string value>", ...}}
//   then        the data buffer; offsets are relative to its first byte
//
// dtype: F16, BF16, F32, F64, little-endian (others, such as I8, I64, BOOL,
// are refused by name). shape: non-negative integers, at most 2^58 elements;
// [] is a scalar. end - begin must be exactly elements x element size, and
// the tensors must tile the buffer: no overlap, no gap, nothing after the
// last one (as the reference implementation requires). Keys in the tensor
// entries other than these three are ignored; a key twice in one object is
// an error. "__metadata__" is optional and maps strings to strings.
//
// Every violation throws mha::FormatError "<source>: <where>: <what was
// expected>"; a missing or unreadable file throws mha::IoError. Nothing is
// allocated for a tensor before its byte range was checked against the file.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mha/io/tensor.hpp"

namespace mha::io {

// The checked header of a safetensors file, its data not read: what a
// mapped checkpoint (model/checkpoint.hpp) needs. With other_dtypes, entries
// of the non-float safetensors dtypes (I64, BOOL, U8, ...) are accepted and
// marked (float_dtype false): real checkpoints hold integer buffers such as
// BERT's position_ids, which a model skips. Same errors as parse_safetensors.
struct SafetensorsEntry {
  Tensor tensor;                     // name, dtype (when float_dtype), shape; data empty
  std::string dtype_name;            // as in the header: "F32", "I64"
  bool float_dtype = true;           // F16, BF16, F32 or F64
  std::uint64_t begin = 0, end = 0;  // byte range in the data buffer
};
struct SafetensorsLayout {
  std::vector<SafetensorsEntry> entries;        // in header order
  std::map<std::string, std::string> metadata;  // "__metadata__"
  std::uint64_t data_start = 0;                 // the data buffer's first byte in the file: 8 + header length
};
SafetensorsLayout parse_safetensors_layout(std::string_view bytes, const std::string& source, bool other_dtypes);

// Reads the whole file; source = the path as given.
TensorSet read_safetensors(const std::filesystem::path& file);
TensorSet parse_safetensors(std::string_view bytes, const std::string& source);

// The bytes of a safetensors file holding `tensors` as F32, in this order,
// with the header padded by spaces to a multiple of 8 bytes. Throws
// mha::ShapeError when a tensor's data does not match its shape and
// mha::InputError for a name used twice, the name "__metadata__", or names
// and metadata that are not valid UTF-8.
std::string write_safetensors(const std::vector<Tensor>& tensors,
                              const std::map<std::string, std::string>& metadata = {});

}  // namespace mha::io
