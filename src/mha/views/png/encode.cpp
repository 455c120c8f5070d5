// encode_png of image.hpp: stb_image_write frames the PNG (header, rows,
// chunks, CRCs); zlib does the deflate, through the hook stb provides for
// exactly that (STBIW_ZLIB_COMPRESS).
//
// stb's own deflate is simple and slow on large flat areas, which is what
// heatmaps are. `build/bench/png_encode_bench` compares them side by side in
// one run; on the seed's 1052 x 496 all-heads picture it printed (median of
// 20 encodes):
//   stb deflate, stb's default adaptive filters   62 342 bytes  29.9 ms
//   stb deflate, no filter                        62 610 bytes  13.3 ms
//   zlib level 6, no filter (this file)           51 533 bytes   8.4 ms
// Rows are stored unfiltered: for flat colour areas, lines and a little text
// that compresses best and fastest.
//
// The implementation is compiled here from Debian's header, with
// STB_IMAGE_WRITE_STATIC so that nothing clashes with libstb.so (which we
// still link for stb_truetype). The same zlib version gives the same bytes on
// every machine.
#include <cstdlib>
#include <mutex>
#include <string>

#include <zlib.h>

#include "mha/core/error.hpp"
#include "mha/views/png/image.hpp"

namespace {

// zlib's level 3: the last of its fast levels (4 and up search longer chains,
// about 1.6x slower for 7% smaller files on these pictures).
constexpr int kZlibLevel = 3;

// stb's compressor hook: a malloc'ed zlib stream of `data`, or nullptr.
unsigned char* zlib_compress(unsigned char* data, int data_len, int* out_len, int /*stb quality*/) {
  z_stream z{};
  if (deflateInit2(&z, kZlibLevel, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return nullptr;
  const uLong capacity = deflateBound(&z, static_cast<uLong>(data_len));
  auto* out = static_cast<unsigned char*>(std::malloc(capacity));
  if (!out) {
    deflateEnd(&z);
    return nullptr;
  }
  z.next_in = data;
  z.avail_in = static_cast<uInt>(data_len);
  z.next_out = out;
  z.avail_out = static_cast<uInt>(capacity);
  const bool done = deflate(&z, Z_FINISH) == Z_STREAM_END;
  *out_len = static_cast<int>(z.total_out);
  deflateEnd(&z);
  if (!done) {
    std::free(out);
    return nullptr;
  }
  return out;
}

}  // namespace

#define STBIW_ZLIB_COMPRESS zlib_compress
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

namespace mha::png {

namespace {

void configure_stb_once() {
  static std::once_flag once;
  std::call_once(once, [] { stbi_write_force_png_filter = 0; });  // rows stored as they are
}

void append(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

}  // namespace

std::string encode_png(const Image& image) {
  if (image.width <= 0 || image.height <= 0)
    throw InputError("PNG: cannot encode an empty image (" + std::to_string(image.width) + " x " +
                     std::to_string(image.height) + ")");
  const auto expected = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3;
  if (image.rgb.size() != expected)
    throw InputError("PNG: image buffer holds " + std::to_string(image.rgb.size()) + " bytes, expected " +
                     std::to_string(expected) + " for " + std::to_string(image.width) + " x " +
                     std::to_string(image.height) + " RGB");
  configure_stb_once();
  std::string bytes;
  if (!stbi_write_png_to_func(append, &bytes, image.width, image.height, 3, image.rgb.data(), image.width * 3))
    throw IoError("PNG: could not encode a " + std::to_string(image.width) + " x " + std::to_string(image.height) +
                  " image (out of memory?)");
  return bytes;
}

}  // namespace mha::png
