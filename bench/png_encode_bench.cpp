// PNG encoding side by side, in one run: stb_image_write with its own
// deflate (libstb.so, as Debian builds it) against encode_png (stb's PNG
// framing, zlib's deflate), on the seed sentence's real pictures.
//   build/bench/png_encode_bench [REPEATS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <stb_image_write.h>  // declarations only: the implementation is libstb.so's

#include "mha/pipeline.hpp"
#include "mha/views/png/font.hpp"
#include "mha/views/png/heatmap.hpp"

namespace {

using Clock = std::chrono::steady_clock;

void append(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string stb_own_deflate(const mha::png::Image& im, int filter) {
  stbi_write_force_png_filter = filter;
  std::string out;
  stbi_write_png_to_func(append, &out, im.width, im.height, 3, im.rgb.data(), im.width * 3);
  return out;
}

template <class F>
void measure(const char* name, int repeats, F encode) {
  std::vector<double> ms;
  std::size_t bytes = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    bytes = encode().size();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("  %-44s %8zu bytes  median %6.2f ms  min %6.2f ms\n", name, bytes, ms[ms.size() / 2], ms[0]);
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  const mha::Trace trace = mha::explain_sentence("我 喜欢 吃 芝士 薯条", mha::Config{});
  const auto path = mha::png::find_system_font();
  const auto font = path ? std::optional<mha::png::Font>(mha::png::Font::load(*path)) : std::nullopt;
  std::vector<mha::png::Image> panels;
  for (int i = 0; i < trace.config.heads; ++i) {
    mha::png::HeatmapSpec spec;
    spec.values = &trace.find(mha::StepName::softmax, i)->tensor.value;
    spec.row_labels = spec.col_labels = trace.token_labels();
    spec.title = "Layer 0 · Head " + std::to_string(i) + " · softmax weights A_" + std::to_string(i);
    spec.vmin = 0.0f, spec.vmax = 1.0f;
    panels.push_back(mha::png::render_heatmap(spec, font ? &*font : nullptr));
  }
  const std::vector<std::pair<std::string, mha::png::Image>> images = {
      {"head 0", panels[0]}, {"all heads", mha::png::side_by_side(panels, "all heads", font ? &*font : nullptr)}};
  for (const auto& [name, im] : images) {
    std::printf("%s picture, %d x %d, %d encodes each:\n", name.c_str(), im.width, im.height, repeats);
    measure("stb deflate, adaptive filters (stb default)", repeats, [&] { return stb_own_deflate(im, -1); });
    measure("stb deflate, no filter", repeats, [&] { return stb_own_deflate(im, 0); });
    measure("encode_png: zlib level 3, no filter", repeats, [&] { return mha::png::encode_png(im); });
  }
}
