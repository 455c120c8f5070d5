#pragma once
// What stands between a font file and stb_truetype, which trusts every
// offset it reads (and aborts on some malformed glyphs):
//
// * check_truetype accepts .ttf files ('\0\1\0\0' or 'true') and .ttc
//   collections ('ttcf') whose first font has TrueType (glyf) outlines, and
//   checks that every table stb reads from lies inside the file and is big
//   enough for the fields read; CFF fonts, WOFF and anything else get a clear
//   mha::FormatError.
// * glyph_index maps a character to a glyph with every read bounds-checked
//   (stb's own lookup is not), and never returns a glyph the font lacks.
// * glyph_is_safe walks one glyph's outline data (and, for composite glyphs,
//   their parts) the way stb will, so that a corrupt glyph is drawn as a
//   missing one instead of crashing the program.
#include <cstddef>
#include <cstdint>
#include <string>

namespace mha::png::sfnt {

struct Face {
  const unsigned char* data = nullptr;
  std::size_t size = 0;
  int offset = 0;          // where the font starts in the file, for stbtt_InitFont
  unsigned glyphs = 0;     // maxp.numGlyphs
  bool long_loca = false;  // head.indexToLocFormat
  std::uint64_t loca = 0, glyf = 0, glyf_length = 0;
  std::uint64_t cmap_sub = 0, cmap_end = 0;  // the Unicode subtable used, and the end of 'cmap'
  unsigned cmap_format = 0;                  // 0, 4, 6, 12 or 13
};

// Throws mha::FormatError naming `path` unless the bytes hold a usable
// TrueType font. The Face points into `data`, which must outlive it.
Face check_truetype(const unsigned char* data, std::size_t size, const std::string& path);

// The glyph of a Unicode code point, or 0 (the font has none).
int glyph_index(const Face& face, char32_t cp);

// Where a glyph's outline lies in the file, from its two 'loca' entries:
// bytes [begin, end) (begin == end: no outline, as for a space), and where
// those entries are, bytes [loca_begin, loca_end). check_truetype has made
// sure both ranges lie inside the file. `glyph` must be below face.glyphs.
struct GlyphBytes {
  std::uint64_t begin = 0, end = 0, loca_begin = 0, loca_end = 0;
};
GlyphBytes glyph_bytes(const Face& face, int glyph);

// True if stb_truetype can read the glyph's outline without leaving it.
bool glyph_is_safe(const Face& face, int glyph);

// Cheap test of the first bytes only: could this file be a TrueType font or
// collection we can load? (Used to skip unusable candidates when looking for
// a system font.)
bool looks_like_truetype(const unsigned char* data, std::size_t size);

}  // namespace mha::png::sfnt
