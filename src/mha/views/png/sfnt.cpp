#include "mha/views/png/sfnt.hpp"

#include <cstdint>
#include <cstdio>
#include <utility>

#include "mha/core/error.hpp"

namespace mha::png::sfnt {

namespace {

using u64 = std::uint64_t;

constexpr std::uint32_t tag(const char (&t)[5]) {
  return (std::uint32_t{static_cast<unsigned char>(t[0])} << 24) |
         (std::uint32_t{static_cast<unsigned char>(t[1])} << 16) |
         (std::uint32_t{static_cast<unsigned char>(t[2])} << 8) | std::uint32_t{static_cast<unsigned char>(t[3])};
}

constexpr std::uint32_t kTrueType = 0x00010000u;

// Reads big-endian integers; every read is bounds-checked against the file.
struct Reader {
  const unsigned char* data;
  std::size_t size;
  const std::string& path;

  [[noreturn]] void fail(const std::string& why) const { throw FormatError("font file " + path + ": " + why); }
  void need(u64 offset, u64 length, const char* what) const {
    if (offset > size || length > size - offset)
      fail(std::string(what) + " lies beyond the end of the file (cut short?)");
  }
  unsigned u16(u64 at) const {
    need(at, 2, "a field");
    return (unsigned{data[at]} << 8) | data[at + 1];
  }
  int s16(u64 at) const {
    const unsigned v = u16(at);
    return v >= 0x8000u ? static_cast<int>(v) - 0x10000 : static_cast<int>(v);
  }
  std::uint32_t u32(u64 at) const {
    need(at, 4, "a field");
    return (std::uint32_t{data[at]} << 24) | (std::uint32_t{data[at + 1]} << 16) | (std::uint32_t{data[at + 2]} << 8) |
           std::uint32_t{data[at + 3]};
  }
};

struct Table {
  u64 offset = 0, length = 0;
  bool present = false;
};

std::string first_bytes(const unsigned char* data, std::size_t size) {
  std::string out;
  char buf[8];
  for (std::size_t i = 0; i < 4 && i < size; ++i) {
    std::snprintf(buf, sizeof buf, "%s%02x", i ? " " : "", data[i]);
    out += buf;
  }
  return out.empty() ? "nothing" : out;
}

// Picks the Unicode subtable of 'cmap' to use (best: format 12, which covers
// every plane; then 4, 6, 0) and checks that its arrays lie inside the table.
void choose_cmap(const Reader& r, const Table& cmap, Face& face) {
  if (cmap.length < 4) r.fail("the 'cmap' table is too small");
  const unsigned count = r.u16(cmap.offset + 2);
  if (4 + u64{count} * 8 > cmap.length) r.fail("the 'cmap' table lists more subtables than it holds");
  int best = 0;
  for (unsigned i = 0; i < count; ++i) {
    const u64 rec = cmap.offset + 4 + u64{i} * 8;
    const unsigned platform = r.u16(rec), encoding = r.u16(rec + 2);
    if (!(platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10)))) continue;  // not Unicode
    const u64 sub = r.u32(rec + 4);
    if (sub + 4 > cmap.length) r.fail("a 'cmap' subtable lies outside the table");
    const u64 room = cmap.length - sub, at = cmap.offset + sub;
    const unsigned format = r.u16(at);
    u64 needed = 0;
    int rank = 0;
    if (format == 12)
      rank = 4, needed = room >= 16 ? 16 + u64{r.u32(at + 12)} * 12 : 16;
    else if (format == 4)
      rank = 3, needed = room >= 8 ? 16 + u64{r.u16(at + 6)} * 4 : 16;
    else if (format == 6)
      rank = 2, needed = room >= 10 ? 10 + u64{r.u16(at + 8)} * 2 : 10;
    else if (format == 0)
      rank = 1, needed = 6 + 256;
    else
      continue;  // a format we do not read
    if (needed > room) r.fail("a 'cmap' subtable (format " + std::to_string(format) + ") is cut short");
    if (format == 4 && (r.u16(at + 6) == 0 || r.u16(at + 6) % 2 != 0))
      r.fail("a 'cmap' subtable (format 4) is malformed");
    if (rank > best) best = rank, face.cmap_sub = at, face.cmap_format = format;
  }
  if (best == 0) r.fail("the font has no Unicode character map");
  face.cmap_end = cmap.offset + cmap.length;
}

}  // namespace

bool looks_like_truetype(const unsigned char* data, std::size_t size) {
  if (size < 12) return false;
  const std::string none;
  const Reader r{data, size, none};
  std::uint32_t t = r.u32(0);
  if (t == tag("ttcf")) {
    if (size < 16) return false;
    const u64 first = r.u32(12);
    if (first + 4 > size) return true;  // not in the bytes we were given: let the full check decide
    t = r.u32(first);
  }
  return t == kTrueType || t == tag("true");
}

Face check_truetype(const unsigned char* data, std::size_t size, const std::string& path) {
  const Reader r{data, size, path};
  Face face;
  face.data = data, face.size = size;
  const std::string expected = "expected a TrueType font (.ttf, or a .ttc collection)";
  if (size < 12) r.fail("only " + std::to_string(size) + " bytes, too small to be a font; " + expected);
  u64 start = 0;
  std::uint32_t t = r.u32(0);
  const auto reject_other = [&](std::uint32_t what) {
    if (what == tag("OTTO"))
      r.fail("an OpenType font with CFF (PostScript) outlines, which is not supported; " + expected +
             " with glyf outlines, such as wqy-microhei.ttc");
    if (what == tag("wOFF") || what == tag("wOF2")) r.fail("a WOFF web font, which is not supported; " + expected);
    if (what != kTrueType && what != tag("true"))
      r.fail("not a font (it starts with bytes " + first_bytes(data + start, size - start) + "); " + expected);
  };
  if (t == tag("ttcf")) {
    const u64 fonts = r.u32(8);
    if (fonts == 0) r.fail("a font collection holding no fonts");
    r.need(12, fonts * 4, "the font collection's directory");
    start = r.u32(12);
    r.need(start, 12, "the first font of the collection");
    t = r.u32(start);
  }
  reject_other(t);
  if (start > 0x7fffffffu) r.fail("the first font starts too far into the file");

  const unsigned count = r.u16(start + 4);
  if (count == 0) r.fail("a font without tables");
  r.need(start + 12, u64{count} * 16, "the table directory");
  Table cmap, head, hhea, hmtx, maxp, loca, glyf;
  bool cff = false;
  for (unsigned i = 0; i < count; ++i) {
    const u64 rec = start + 12 + u64{i} * 16;
    const std::uint32_t name = r.u32(rec);
    const Table table{r.u32(rec + 8), r.u32(rec + 12), true};
    if (name == tag("CFF ") || name == tag("CFF2")) cff = true;
    Table* slot = name == tag("cmap")   ? &cmap
                  : name == tag("head") ? &head
                  : name == tag("hhea") ? &hhea
                  : name == tag("hmtx") ? &hmtx
                  : name == tag("maxp") ? &maxp
                  : name == tag("loca") ? &loca
                  : name == tag("glyf") ? &glyf
                                        : nullptr;
    if (!slot || slot->present) continue;  // stb_truetype uses the first of duplicates
    r.need(table.offset, table.length, "a table");
    *slot = table;
  }
  if (cff && !glyf.present) reject_other(tag("OTTO"));
  const std::pair<const Table*, const char*> required[] = {{&cmap, "cmap"}, {&head, "head"}, {&hhea, "hhea"},
                                                           {&hmtx, "hmtx"}, {&maxp, "maxp"}, {&loca, "loca"},
                                                           {&glyf, "glyf"}};
  for (const auto& [table, name] : required)
    if (!table->present) r.fail(std::string("lacks the '") + name + "' table every TrueType font has; " + expected);

  if (head.length < 54) r.fail("the 'head' table is too small");
  const unsigned loca_format = r.u16(head.offset + 50);
  if (loca_format > 1) r.fail("the 'head' table names an unknown 'loca' format");
  if (hhea.length < 36) r.fail("the 'hhea' table is too small");
  if (r.s16(hhea.offset + 4) - r.s16(hhea.offset + 6) <= 0) r.fail("the font's ascent and descent give no height");
  const unsigned long_metrics = r.u16(hhea.offset + 34);
  if (maxp.length < 6) r.fail("the 'maxp' table is too small");
  const unsigned glyphs = r.u16(maxp.offset + 4);
  if (glyphs == 0 || long_metrics == 0) r.fail("a font without glyphs");
  const u64 hmtx_needed = u64{long_metrics} * 4 + (glyphs > long_metrics ? u64{glyphs - long_metrics} * 2 : 0);
  if (hmtx_needed > hmtx.length) r.fail("the 'hmtx' table is cut short");
  const u64 entry = loca_format ? 4 : 2;
  if ((u64{glyphs} + 1) * entry > loca.length) r.fail("the 'loca' table is cut short");
  u64 previous = 0;
  for (unsigned g = 0; g <= glyphs; ++g) {
    const u64 at = loca.offset + g * entry;
    const u64 where = loca_format ? u64{r.u32(at)} : u64{r.u16(at)} * 2;
    if (where > glyf.length || where < previous) r.fail("the 'loca' table points outside the 'glyf' table");
    previous = where;
  }
  choose_cmap(r, cmap, face);
  face.offset = static_cast<int>(start);
  face.glyphs = glyphs;
  face.long_loca = loca_format == 1;
  face.loca = loca.offset, face.glyf = glyf.offset, face.glyf_length = glyf.length;
  return face;
}

}  // namespace mha::png::sfnt
