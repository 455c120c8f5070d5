// The C++ side of check_npy_with_numpy.py, which compares our npy code with
// numpy in both directions:
//   npy_samples write FOLDER   writes .npy files with mha::io::write_npy; the
//                              values follow formulas that the script
//                              recomputes in float32 (keep the two in step)
//   npy_samples read FILE...   reads files numpy wrote with mha::io::read_npy
//                              and prints a line a file: name, dtype, shape
//                              and the float32 bits of every value in hex
#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>

#include "mha/core/error.hpp"
#include "mha/io/npy.hpp"

namespace {

void write(const std::filesystem::path& dir, const mha::io::Tensor& t) {
  std::ofstream out(dir / (t.name + ".npy"), std::ios::binary);
  out << mha::io::write_npy(t);
  if (!out) throw std::runtime_error("cannot write " + (dir / t.name).string());
}

mha::io::Tensor by_formula(const std::string& name, std::vector<std::int64_t> shape, float (*f)(int)) {
  mha::io::Tensor t{name, mha::io::DType::F32, std::move(shape), {}};
  std::int64_t n = 1;
  for (auto d : t.shape) n *= d;
  for (int i = 0; i < n; ++i) t.data.push_back(f(i));
  return t;
}

void print(const mha::io::Tensor& t) {
  std::printf("%s %s %s", t.name.c_str(), std::string(mha::io::to_string(t.dtype)).c_str(),
              mha::io::shape_string(t.shape).c_str());
  for (float v : t.data) std::printf(" %08x", std::bit_cast<std::uint32_t>(v));
  std::printf("\n");
}

void write_all(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  write(dir, by_formula("scalar", {}, [](int) { return 0.1f; }));
  write(dir, by_formula("vector", {5}, [](int i) { return static_cast<float>(i) * 0.25f - 0.5f; }));
  write(dir, by_formula("matrix", {3, 4}, [](int i) { return static_cast<float>(i) / 3.0f; }));
  write(dir, by_formula("cube", {2, 3, 4}, [](int i) { return static_cast<float>(i - 12); }));
  write(dir, by_formula("empty", {0, 3}, [](int) { return 0.0f; }));
  const float inf = std::numeric_limits<float>::infinity();
  write(dir, mha::io::Tensor{"special", mha::io::DType::F32, {5}, {inf, -inf, -0.0f, 65504.0f, std::ldexp(1.0f, -149)}});
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  try {
    if (mode == "write" && argc == 3) {
      write_all(argv[2]);
      return 0;
    }
    if (mode == "read") {
      for (int i = 2; i < argc; ++i) print(mha::io::read_npy(argv[i]));
      return 0;
    }
  } catch (const mha::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: npy_samples write FOLDER | npy_samples read FILE...\n");
  return 2;
}
