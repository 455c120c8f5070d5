#pragma once
// OutputSet: all the files of one run, written all or nothing. Contents are
// collected in memory first; commit() creates the folders it needs, writes
// every file under a temporary name beside its target, and only when all
// writes succeeded renames them into place and removes the files marked for
// removal. On any failure it removes what it
// wrote and the folders it created, and throws IoError naming the path.
#include <filesystem>
#include <string>
#include <vector>

namespace mha {

class OutputSet {
 public:
  void add(std::filesystem::path path, std::string bytes);
  // A file of an earlier run that this one replaces: removed after every
  // file was written (a failed run removes nothing).
  void remove(std::filesystem::path path);
  void commit();
  std::size_t size() const { return files_.size(); }
  const std::vector<std::filesystem::path> paths() const;

 private:
  struct File {
    std::filesystem::path path;
    std::string bytes;
  };
  std::vector<File> files_;
  std::vector<std::filesystem::path> removals_;
};

}  // namespace mha
