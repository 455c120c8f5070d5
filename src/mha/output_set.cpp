#include "mha/output_set.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <system_error>
#include <unistd.h>

#include "mha/error.hpp"

namespace fs = std::filesystem;

namespace mha {

void OutputSet::add(fs::path path, std::string bytes) { files_.push_back({std::move(path), std::move(bytes)}); }

const std::vector<fs::path> OutputSet::paths() const {
  std::vector<fs::path> p;
  for (const auto& f : files_) p.push_back(f.path);
  return p;
}

namespace {

// Undo log of one commit: temporary files, then created folders (deepest last).
struct Rollback {
  std::vector<fs::path> temps, dirs;
  bool done = false;
  ~Rollback() {
    if (done) return;
    std::error_code ec;
    for (const auto& t : temps) fs::remove(t, ec);
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) fs::remove(*it, ec);  // only if empty
  }
};

void make_dirs(const fs::path& dir, Rollback& rb) {
  if (dir.empty()) return;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  if (fs::exists(dir, ec)) throw IoError(dir.string() + ": exists and is not a folder; expected a folder for output");
  make_dirs(dir.parent_path(), rb);
  if (!fs::create_directory(dir, ec) && !fs::is_directory(dir))
    throw IoError(dir.string() + ": cannot create folder (" + ec.message() + ")");
  rb.dirs.push_back(dir);
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw IoError(path.string() + ": cannot write (" + std::strerror(errno) + ")");
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() && std::fflush(f) == 0;
  const int err = errno;
  if (std::fclose(f) != 0 || !ok) throw IoError(path.string() + ": write failed (" + std::strerror(err) + ")");
}

}  // namespace

void OutputSet::commit() {
  Rollback rb;
  for (const auto& f : files_) {
    if (fs::is_directory(f.path))
      throw IoError(f.path.string() + ": is a folder; expected a file name for output");
    make_dirs(f.path.parent_path(), rb);
  }
  for (const auto& f : files_) {
    fs::path temp = f.path;
    temp += ".partial-" + std::to_string(::getpid());
    rb.temps.push_back(temp);
    write_file(temp, f.bytes);
  }
  for (std::size_t i = 0; i < files_.size(); ++i) {
    std::error_code ec;
    fs::rename(rb.temps[i], files_[i].path, ec);
    if (ec) throw IoError(files_[i].path.string() + ": cannot write (" + ec.message() + ")");
  }
  rb.done = true;
  files_.clear();
}

}  // namespace mha
