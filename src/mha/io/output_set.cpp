#include "mha/io/output_set.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <system_error>
#include <unistd.h>

#include "mha/core/error.hpp"

namespace fs = std::filesystem;

namespace mha {

void OutputSet::add(fs::path path, std::string bytes) { files_.push_back({std::move(path), std::move(bytes)}); }

void OutputSet::remove(fs::path path) { removals_.push_back(std::move(path)); }

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
    for (const auto& t : temps)
      if (!t.empty()) fs::remove(t, ec);
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

// Where the bytes of `path` go. A symbolic link is followed, so that the file
// it points to is replaced and the link kept. A target that exists and is
// neither a regular file nor a folder (a pipe, /dev/stdout, a terminal) is a
// stream: written in place, never renamed over.
struct Target {
  fs::path path;
  bool stream = false;
};

Target target_of(fs::path path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);  // follows links, /proc's magic ones too
  if (fs::is_directory(st)) throw IoError(path.string() + ": is a folder; expected a file name for output");
  if (fs::exists(st) && !fs::is_regular_file(st)) return {path, true};
  if (!fs::is_symlink(fs::symlink_status(path, ec))) return {path, false};
  if (fs::exists(st)) {
    fs::path real = fs::canonical(path, ec);
    return {ec ? path : real, false};
  }
  // A link to a file still to be made: create that file.
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(path, ec)); ++hops) {
    const fs::path to = fs::read_symlink(path, ec);
    if (ec) break;
    path = to.is_absolute() ? to : path.parent_path() / to;
  }
  return {path, false};
}

}  // namespace

void OutputSet::commit() {
  Rollback rb;
  std::vector<Target> targets;
  for (const auto& f : files_) {
    targets.push_back(target_of(f.path));
    if (!targets.back().stream) make_dirs(targets.back().path.parent_path(), rb);
  }
  // Regular files first, under temporary names; then streams, which cannot
  // be taken back; then the renames that make the regular files appear.
  rb.temps.resize(files_.size());
  for (std::size_t i = 0; i < files_.size(); ++i) {
    if (targets[i].stream) continue;
    fs::path temp = targets[i].path;
    temp += ".partial-" + std::to_string(::getpid());
    rb.temps[i] = temp;
    write_file(temp, files_[i].bytes);
  }
  for (std::size_t i = 0; i < files_.size(); ++i)
    if (targets[i].stream) write_file(targets[i].path, files_[i].bytes);
  for (std::size_t i = 0; i < files_.size(); ++i) {
    if (targets[i].stream) continue;
    std::error_code ec;
    fs::rename(rb.temps[i], targets[i].path, ec);
    if (ec) throw IoError(files_[i].path.string() + ": cannot write (" + ec.message() + ")");
  }
  rb.done = true;
  for (const auto& r : removals_) {
    std::error_code ec;
    fs::remove(r, ec);
    if (ec) throw IoError(r.string() + ": cannot remove this file of an earlier run (" + ec.message() + ")");
  }
  files_.clear();
  removals_.clear();
}

}  // namespace mha
