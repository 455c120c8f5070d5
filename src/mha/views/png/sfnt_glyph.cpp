// glyph_index and glyph_is_safe of sfnt.hpp. check_truetype has already
// made sure that the tables and arrays used here lie inside the file; the
// reads that depend on per-glyph data are checked one by one.
#include <cstdint>

#include "mha/views/png/sfnt.hpp"

namespace mha::png::sfnt {

namespace {

using u64 = std::uint64_t;

unsigned u16(const Face& f, u64 at) { return (unsigned{f.data[at]} << 8) | f.data[at + 1]; }

u64 u32(const Face& f, u64 at) {
  return (u64{f.data[at]} << 24) | (u64{f.data[at + 1]} << 16) | (u64{f.data[at + 2]} << 8) | f.data[at + 3];
}

u64 format4(const Face& f, char32_t cp) {
  if (cp > 0xFFFF) return 0;
  const u64 sub = f.cmap_sub, seg2 = u16(f, sub + 6), segments = seg2 / 2;
  const u64 ends = sub + 14, starts = ends + seg2 + 2, deltas = starts + seg2, ranges = deltas + seg2;
  u64 lo = 0, hi = segments;  // first segment whose end >= cp
  while (lo < hi) {
    const u64 mid = lo + (hi - lo) / 2;
    if (u16(f, ends + 2 * mid) < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == segments) return 0;
  const unsigned start = u16(f, starts + 2 * lo);
  if (cp < start || cp > u16(f, ends + 2 * lo)) return 0;
  const unsigned delta = u16(f, deltas + 2 * lo), range = u16(f, ranges + 2 * lo);
  if (range == 0) return (cp + delta) & 0xFFFFu;
  const u64 at = ranges + 2 * lo + range + 2 * u64{cp - start};
  if (at + 2 > f.cmap_end) return 0;
  const unsigned g = u16(f, at);
  return g == 0 ? 0 : (g + delta) & 0xFFFFu;
}

u64 format12(const Face& f, char32_t cp) {
  const u64 sub = f.cmap_sub;
  u64 lo = 0, hi = u32(f, sub + 12);
  while (lo < hi) {
    const u64 mid = lo + (hi - lo) / 2, group = sub + 16 + 12 * mid;
    const u64 first = u32(f, group), last = u32(f, group + 4);
    if (cp < first)
      hi = mid;
    else if (cp > last)
      lo = mid + 1;
    else
      return u32(f, group + 8) + (cp - first);
  }
  return 0;
}

// `budget` bounds the work on composite glyphs whose parts are composites...
bool glyph_ok(const Face& f, int glyph, int depth, int& budget) {
  if (glyph < 0 || static_cast<unsigned>(glyph) >= f.glyphs || depth > 8 || --budget < 0) return false;
  const GlyphBytes bytes = glyph_bytes(f, glyph);
  if (bytes.begin == bytes.end) return true;                   // no outline (a space)
  const u64 length = bytes.end - bytes.begin, p = bytes.begin;  // check_truetype: inside 'glyf'
  if (length < 10) return false;
  const auto contours = static_cast<std::int16_t>(u16(f, p));
  if (contours == 0) return true;
  if (contours > 0) {  // a simple glyph: end points, instructions, flags, x and y
    const u64 n_contours = static_cast<u64>(contours);
    u64 pos = 10 + 2 * n_contours;
    if (pos + 2 > length) return false;
    long long previous = -1;
    for (u64 c = 0; c < n_contours; ++c) {
      const long long end = u16(f, p + 10 + 2 * c);
      if (end <= previous) return false;
      previous = end;
    }
    const u64 points = static_cast<u64>(previous) + 1;
    pos += 2 + u16(f, p + 10 + 2 * n_contours);
    u64 coordinate_bytes = 0;
    for (u64 i = 0; i < points;) {
      if (pos >= length) return false;
      const unsigned flag = f.data[p + pos++];
      u64 times = 1;
      if (flag & 8) {
        if (pos >= length) return false;
        times += f.data[p + pos++];
      }
      if (times > points - i) times = points - i;
      const u64 x = (flag & 2) ? 1 : (flag & 16) ? 0 : 2, y = (flag & 4) ? 1 : (flag & 32) ? 0 : 2;
      coordinate_bytes += (x + y) * times;
      i += times;
    }
    return pos + coordinate_bytes <= length;
  }
  u64 pos = 10;  // a composite glyph: parts, each another glyph moved and scaled
  for (int parts = 0; parts < 64; ++parts) {
    if (pos + 4 > length) return false;
    const unsigned flags = u16(f, p + pos), part = u16(f, p + pos + 2);
    pos += 4;
    if (!(flags & 2)) return false;  // parts placed by matching points: stb_truetype aborts
    pos += (flags & 1) ? 4 : 2;
    pos += (flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0;
    if (pos > length || !glyph_ok(f, static_cast<int>(part), depth + 1, budget)) return false;
    if (!(flags & 0x20)) return true;  // no more parts
  }
  return false;
}

}  // namespace

int glyph_index(const Face& face, char32_t cp) {
  u64 g = 0;
  switch (face.cmap_format) {
    case 0:
      g = cp < 256 ? face.data[face.cmap_sub + 6 + cp] : 0;
      break;
    case 6: {
      const unsigned first = u16(face, face.cmap_sub + 6), count = u16(face, face.cmap_sub + 8);
      g = cp >= first && cp - first < count ? u16(face, face.cmap_sub + 10 + 2 * u64{cp - first}) : 0;
      break;
    }
    case 4:
      g = format4(face, cp);
      break;
    case 12:
      g = format12(face, cp);
      break;
    default:
      break;
  }
  return g < face.glyphs ? static_cast<int>(g) : 0;
}

GlyphBytes glyph_bytes(const Face& f, int glyph) {
  const u64 entry = f.long_loca ? 4 : 2, at = f.loca + static_cast<u64>(glyph) * entry;
  const u64 g1 = f.long_loca ? u32(f, at) : u64{u16(f, at)} * 2;
  const u64 g2 = f.long_loca ? u32(f, at + entry) : u64{u16(f, at + entry)} * 2;
  return {f.glyf + g1, f.glyf + g2, at, at + 2 * entry};
}

bool glyph_is_safe(const Face& face, int glyph) {
  int budget = 256;
  return glyph_ok(face, glyph, 0, budget);
}

}  // namespace mha::png::sfnt
