#include "mha/io/read_tensors.hpp"

#include "mha/core/error.hpp"
#include "mha/io/detail/io_detail.hpp"
#include "mha/io/npy.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/io/tensor_json.hpp"

namespace mha::io {

namespace {

bool looks_like_safetensors(std::string_view bytes) {
  if (bytes.size() < 9) return false;
  const std::uint64_t header = detail::load_le(bytes, 0, 8);
  return header >= 2 && header <= bytes.size() - 8 && bytes[8] == '{';
}

TensorSet one_npy(std::string_view bytes, const std::filesystem::path& path) {
  TensorSet set;
  set.source = path.string();
  set.tensors.push_back(parse_npy(bytes, path.string(), path.stem().string()));
  return set;
}

}  // namespace

TensorSet read_tensors(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return read_npy_dir(path);
  if (!std::filesystem::exists(path, ec)) throw IoError(path.string() + ": no such file or folder");
  const std::string bytes = detail::read_file(path);
  const auto ext = path.extension();
  if (ext == ".safetensors") return parse_safetensors(bytes, path.string());
  if (ext == ".json") return parse_tensor_json(bytes, path.string());
  if (ext == ".npy") return one_npy(bytes, path);
  if (looks_like_safetensors(bytes)) return parse_safetensors(bytes, path.string());
  if (bytes.starts_with("\x93NUMPY")) return one_npy(bytes, path);
  detail::fail(path.string(),
               "not a tensor file this program reads (accepted: a .safetensors, .npy or .json file, or a folder of .npy files)");
}

}  // namespace mha::io
