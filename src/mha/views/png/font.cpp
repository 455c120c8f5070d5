#include "mha/views/png/font.hpp"

#include <fcntl.h>
#include <stb/stb_truetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <unordered_map>

#include "mha/core/error.hpp"
#include "mha/views/png/sfnt.hpp"
#include "mha/text/utf8.hpp"

namespace mha::png {

namespace {

constexpr std::uintmax_t kMaxFontBytes = 256u << 20;
constexpr char32_t kEllipsis = U'\u2026';

int clamp_px(int px) { return std::clamp(px, 4, 256); }

struct Glyph {
  float advance = 0.0f;
  int x0 = 0, y0 = 0, w = 0, h = 0;  // bitmap box relative to the pen on the baseline
  std::vector<unsigned char> bitmap;
};

// A hollow box for characters the font does not have.
Glyph tofu(int px) {
  Glyph g;
  const int side = std::max(1, px / 14);
  g.w = std::max(3, (px + 1) / 2);
  g.h = std::max(4, (px * 2 + 1) / 3);
  g.x0 = std::max(1, px / 12);
  g.y0 = -g.h;
  g.advance = static_cast<float>(g.w + 2 * g.x0);
  g.bitmap.assign(static_cast<std::size_t>(g.w * g.h), 0);
  for (int y = 0; y < g.h; ++y)
    for (int x = 0; x < g.w; ++x)
      if (x < side || y < side || x >= g.w - side || y >= g.h - side)
        g.bitmap[static_cast<std::size_t>(y * g.w + x)] = 255;
  return g;
}

struct Placed {
  const Glyph* glyph;
  int x;  // pen position, pixels
};

}  // namespace

struct Font::Impl {
  std::string path;
  std::vector<unsigned char> bytes;  // the font, when given as bytes
  void* mapping = nullptr;           // the font, when loaded from a file
  std::size_t mapped = 0;
  sfnt::Face face;
  stbtt_fontinfo info{};
  int ascent = 0, descent = 0;  // font units, descent negative
  mutable std::mutex mutex;
  mutable std::unordered_map<std::uint64_t, Glyph> glyphs;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (mapping) ::munmap(mapping, mapped);
  }

  void init(const unsigned char* data, std::size_t size) {
    face = sfnt::check_truetype(data, size, path);
    if (!stbtt_InitFont(&info, data, face.offset))
      throw FormatError("font file " + path + ": stb_truetype cannot read it; expected a TrueType font (.ttf or .ttc)");
    int gap = 0;
    stbtt_GetFontVMetrics(&info, &ascent, &descent, &gap);
  }

  float scale(int px) const { return stbtt_ScaleForPixelHeight(&info, static_cast<float>(px)); }

  // The glyph of a printable character, if the font has it: 0 otherwise.
  int glyph_of(char32_t cp) const {
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return 0;
    return sfnt::glyph_index(face, cp);
  }

  const Glyph& glyph(char32_t cp, int px) const {
    const std::uint64_t key = (std::uint64_t{cp} << 16) | static_cast<std::uint64_t>(px);
    std::lock_guard lock(mutex);
    if (auto it = glyphs.find(key); it != glyphs.end()) return it->second;
    return glyphs.emplace(key, make_glyph(cp, px)).first->second;
  }

  Glyph make_glyph(char32_t cp, int px) const {
    const int index = glyph_of(cp);
    if (index == 0 || !sfnt::glyph_is_safe(face, index)) return tofu(px);
    const float s = scale(px);
    int advance = 0, bearing = 0;
    stbtt_GetGlyphHMetrics(&info, index, &advance, &bearing);
    const int limit = 4 * px + 16;  // anything bigger or farther means broken metrics
    Glyph g;
    g.advance = std::clamp(static_cast<float>(advance) * s, 0.0f, static_cast<float>(limit));
    int x1 = 0, y1 = 0;
    stbtt_GetGlyphBitmapBox(&info, index, s, s, &g.x0, &g.y0, &x1, &y1);
    g.w = x1 - g.x0, g.h = y1 - g.y0;
    if (g.w <= 0 || g.h <= 0 || g.w > limit || g.h > limit || std::abs(g.x0) > limit || std::abs(g.y0) > limit) {
      const float adv = g.advance;
      g = Glyph{};  // nothing to draw (a space, or an outline we do not trust)
      g.advance = adv;
      return g;
    }
    g.bitmap.assign(static_cast<std::size_t>(g.w * g.h), 0);
    stbtt_MakeGlyphBitmap(&info, g.bitmap.data(), g.w, g.h, g.w, s, s, index);
    return g;
  }

  // Glyphs and pen positions of the text; returns the advance width.
  int layout(const std::vector<char32_t>& cps, int px, std::vector<Placed>& out) const {
    float pen = 0.0f;
    out.clear();
    for (char32_t cp : cps) {
      const Glyph& g = glyph(cp, px);
      out.push_back({&g, static_cast<int>(std::lround(pen))});
      pen += g.advance;
    }
    return static_cast<int>(std::lround(pen));
  }
};

Font::Font(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Font::Font(Font&&) noexcept = default;
Font& Font::operator=(Font&&) noexcept = default;
Font::~Font() = default;

Font Font::from_bytes(std::vector<unsigned char> bytes, const std::string& name) {
  auto impl = std::make_unique<Impl>();
  impl->path = name;
  impl->bytes = std::move(bytes);
  impl->init(impl->bytes.data(), impl->bytes.size());
  return Font(std::move(impl));
}

// The file is mapped read-only rather than read: a CJK font is 5-20 MB, of
// which drawing a few labels touches a few hundred KB.
Font Font::load(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw IoError("font file " + path + " is a folder; expected a .ttf or .ttc file");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError("cannot open font file " + path + ": " + std::strerror(errno));
  struct ::stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    throw IoError("cannot read font file " + path + ": " + std::strerror(err));
  }
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > kMaxFontBytes) {
    ::close(fd);
    throw FormatError("font file " + path + " is larger than 256 MiB; expected a .ttf or .ttc font");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  if (size > 0) {
    void* map = ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
    const int err = errno;
    ::close(fd);
    if (map == MAP_FAILED) throw IoError("cannot read font file " + path + ": " + std::strerror(err));
    impl->mapping = map, impl->mapped = static_cast<std::size_t>(size);
  } else {
    ::close(fd);
  }
  impl->init(static_cast<const unsigned char*>(impl->mapping), impl->mapped);
  return Font(std::move(impl));
}

const std::string& Font::path() const { return impl_->path; }

bool Font::has_glyph(char32_t cp) const { return impl_->glyph_of(cp) != 0; }

Font::Metrics Font::metrics(int px) const {
  px = clamp_px(px);
  const float s = impl_->scale(px);
  Metrics m;
  // Clamped: a font with absurd vertical metrics must not ask for huge masks.
  m.ascent = std::clamp(static_cast<int>(std::ceil(static_cast<float>(impl_->ascent) * s)), 1, 2 * px);
  m.descent = std::clamp(static_cast<int>(std::ceil(static_cast<float>(-impl_->descent) * s)), 0, 2 * px);
  m.line_height = m.ascent + m.descent;
  const Glyph& zero = impl_->glyph(U'0', px);
  m.digit_height = zero.h > 0 ? -zero.y0 : (px * 7 + 5) / 10;
  return m;
}

int Font::text_width(std::string_view utf8, int px) const {
  std::vector<Placed> placed;
  return impl_->layout(utf8::decode_lenient(utf8), clamp_px(px), placed);
}

std::string Font::fit(std::string_view utf8, int px, int max_width) const {
  px = clamp_px(px);
  const auto cps = utf8::decode_lenient(utf8);
  std::vector<Placed> placed;
  if (impl_->layout(cps, px, placed) <= max_width) return std::string(utf8);
  const std::u32string ellipsis = has_glyph(kEllipsis) ? std::u32string(1, kEllipsis) : U"...";
  const int ell = impl_->layout(std::vector<char32_t>(ellipsis.begin(), ellipsis.end()), px, placed);
  if (ell > max_width) return "";
  std::string out;
  float pen = 0.0f;
  for (char32_t cp : cps) {
    pen += impl_->glyph(cp, px).advance;
    if (static_cast<int>(std::lround(pen)) + ell > max_width) break;
    out += utf8::encode(cp);
  }
  for (char32_t cp : ellipsis) out += utf8::encode(cp);
  return out;
}

Mask Font::render(std::string_view utf8, int px) const {
  px = clamp_px(px);
  const Metrics m = metrics(px);
  std::vector<Placed> placed;
  int width = impl_->layout(utf8::decode_lenient(utf8), px, placed);
  for (const auto& p : placed) width = std::max(width, p.x + p.glyph->x0 + p.glyph->w);
  Mask mask;
  mask.width = std::max(width, 0);
  mask.height = m.line_height;
  mask.alpha.assign(static_cast<std::size_t>(mask.width) * static_cast<std::size_t>(mask.height), 0);
  for (const auto& p : placed) {
    const Glyph& g = *p.glyph;
    for (int gy = 0; gy < g.h; ++gy) {
      const int y = m.ascent + g.y0 + gy;
      if (y < 0 || y >= mask.height) continue;
      for (int gx = 0; gx < g.w; ++gx) {
        const int x = p.x + g.x0 + gx;
        if (x < 0 || x >= mask.width) continue;
        unsigned char& a = mask.alpha[static_cast<std::size_t>(y * mask.width + x)];
        a = std::max(a, g.bitmap[static_cast<std::size_t>(gy * g.w + gx)]);
      }
    }
  }
  return mask;
}

int Font::draw(Image& image, std::string_view utf8, int x, int y, int px, Rgb colour, Rotation rotation) const {
  const Mask mask = render(utf8, px);
  blend_mask(image, mask, x, y, colour, rotation);
  return text_width(utf8, px);
}

}  // namespace mha::png
