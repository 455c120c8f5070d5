#pragma once
// Broken copies of tests/data/hf's fixtures for the error tests
// (test_model_errors.cpp, test_llama_errors.cpp): a fresh copy in the
// system's temporary folder, edited, and the one-line message it gives.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "mha/core/error.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/model/model.hpp"

namespace model_copy {

namespace fs = std::filesystem;
const fs::path kHf = fs::path(MHA_SOURCE_DIR) / "tests/data/hf";

// A fresh copy of fixture `name` under the system's temporary folder.
struct Copy {
  fs::path dir;
  explicit Copy(const std::string& name) {
    dir = fs::temp_directory_path() / ("mha-model-errors-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::copy(kHf / name, dir, fs::copy_options::recursive);
  }
  ~Copy() { fs::remove_all(dir); }
  std::string read(const std::string& file) const {
    std::ifstream in(dir / file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }
  void write(const std::string& file, const std::string& bytes) const {
    std::ofstream(dir / file, std::ios::binary) << bytes;
  }
  void replace(const std::string& file, const std::string& from, const std::string& to) const {
    std::string s = read(file);
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    write(file, s.replace(at, from.size(), to));
  }
  // Rewrites model.safetensors (as F32) after `edit` changed its tensors.
  template <class Edit>
  void edit_weights(Edit edit) const {
    mha::io::TensorSet set = mha::io::read_safetensors(dir / "model.safetensors");
    edit(set.tensors);
    write("model.safetensors", mha::io::write_safetensors(set.tensors));
  }
};

inline std::string error_of(const fs::path& dir, const std::string& text = "The cat was sleeping.", bool truncate = false) {
  mha::ModelRequest r;
  r.dir = dir;
  r.text = text;
  r.truncate = truncate;
  try {
    mha::run_model(r);
  } catch (const mha::Error& e) {
    const std::string message = e.what();
    CHECK(message.find('\n') == std::string::npos);  // one line
    return message;
  }
  FAIL("no error for " << dir);
  return "";
}

}  // namespace model_copy
