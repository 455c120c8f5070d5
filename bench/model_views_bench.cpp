// The views of a GPT-2-sized --model run: 12 layers × 12 heads of 128
// tokens (made-up weights: what the pictures and the page cost does not
// depend on the numbers), timed as mha-explain makes them.
//   build/bench/model_views_bench [LAYERS HEADS TOKENS [REPEATS [DIR]]]
// Prints, per view, the files, their bytes and the median time (ms); with
// DIR, writes the pictures (a picture per head too) and view.html there to
// look at.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../tests/model_views_fixture.hpp"
#include "mha/views/html/html_view.hpp"
#include "mha/views/pictures/pictures.hpp"
#include "mha/views/png/font.hpp"

namespace {

using Clock = std::chrono::steady_clock;

template <class F>
void measure(const char* name, int repeats, F make) {
  std::vector<double> ms;
  std::size_t files = 0, bytes = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    const auto [f, b] = make();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    files = f, bytes = b;
  }
  std::sort(ms.begin(), ms.end());
  std::printf("  %-46s %4zu files %10zu bytes  median %8.1f ms  min %8.1f ms\n", name, files, bytes,
              ms[ms.size() / 2], ms[0]);
}

}  // namespace

int main(int argc, char** argv) {
  const int layers = argc > 1 ? std::atoi(argv[1]) : 12, heads = argc > 2 ? std::atoi(argv[2]) : 12;
  const int n = argc > 3 ? std::atoi(argv[3]) : 128, repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 3;
  mha::Trace trace = mha::testing::random_model_trace(layers, heads, n);
  mha::testing::add_rollout(trace);
  mha::testing::add_head_stats(trace);
  const auto path = mha::png::find_system_font();
  const auto font = path ? std::optional<mha::png::Font>(mha::png::Font::load(*path)) : std::nullopt;
  std::printf("%d layers x %d heads x %d tokens (GPT-2-shaped, causal), font %s, %d runs each:\n", layers, heads, n,
              path ? path->c_str() : "none", repeats);
  const auto pictures = [&](mha::HeadPictures which) {
    return [&, which] {
      mha::PictureOptions options;
      options.head_pictures = which;
      const auto pics = mha::attention_pictures(trace, font ? &*font : nullptr, options);
      std::size_t bytes = 0;
      for (const auto& p : pics) bytes += p.png.size();
      return std::pair{pics.size(), bytes};
    };
  };
  measure("PNG, grids and rollout (default at this size)", repeats, pictures(mha::HeadPictures::none));
  measure("PNG, also a picture per head", repeats, pictures(mha::HeadPictures::all));
  measure("HTML page (--html)", repeats, [&] {
    const std::string page = mha::trace_to_html(trace, mha::explanation(trace, mha::Lang::en, {}), {});
    return std::pair{std::size_t{1}, page.size()};
  });
  if (argc > 5) {
    const std::filesystem::path dir = argv[5];
    std::filesystem::create_directories(dir);
    mha::PictureOptions options;
    options.head_pictures = mha::HeadPictures::all;
    for (const auto& p : mha::attention_pictures(trace, font ? &*font : nullptr, options))
      std::ofstream(dir / p.file_name, std::ios::binary) << p.png;
    std::ofstream(dir / "view.html", std::ios::binary) << mha::trace_to_html(trace, mha::explanation(trace, mha::Lang::en, {}), {});
    std::printf("written to %s\n", dir.c_str());
  }
}
