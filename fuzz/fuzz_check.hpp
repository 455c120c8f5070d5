#pragma once
// Shared by the libFuzzer targets: the bytes as a string_view, and the
// properties a successful parse must have (a bug, not an input error, if not).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "mha/io/tensor.hpp"

namespace fuzz {

inline std::string_view bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline void require(bool ok) {
  if (!ok) __builtin_trap();  // libFuzzer reports it and saves the input
}

// Every tensor holds exactly product(shape) values.
inline void check_sizes(const mha::io::Tensor& t) { require(mha::io::element_count(t.shape) == t.data.size()); }

// Same name, shape and float bits (NaN payloads and -0 included).
inline bool same(const mha::io::Tensor& a, const mha::io::Tensor& b) {
  return a.name == b.name && a.shape == b.shape && a.data.size() == b.data.size() &&
         (a.data.empty() || std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(float)) == 0);
}

}  // namespace fuzz
