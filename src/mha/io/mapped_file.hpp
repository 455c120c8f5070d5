#pragma once
// A file mapped read-only into memory (POSIX mmap): large checkpoints are
// read straight from the page cache, never copied into the heap. Move-only;
// the mapping lives as long as the object.
#include <filesystem>
#include <string>
#include <string_view>

namespace mha::io {

class MappedFile {
 public:
  // IoError naming the file when it is missing, a folder or cannot be mapped.
  static MappedFile open(const std::filesystem::path& file);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }
  const std::string& source() const { return source_; }

 private:
  MappedFile() = default;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::string source_;
};

}  // namespace mha::io
