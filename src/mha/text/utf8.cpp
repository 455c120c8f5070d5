#include "mha/text/utf8.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "mha/core/error.hpp"

namespace mha::utf8 {

namespace {

// The sequence starting at byte i: its code point and length, or why it is
// not valid UTF-8 (nullptr when it is).
const char* decode_one(std::string_view text, std::size_t i, char32_t& cp, std::size_t& len) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  char32_t min;
  if (b0 < 0x80) {
    cp = b0, len = 1;
    return nullptr;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return (b0 & 0xC0) == 0x80 ? "unexpected continuation byte" : "byte that never starts a character";
  }
  if (i + len > text.size()) return "sequence cut short by the end of the text";
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return "missing continuation byte";
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min) return "overlong encoding";
  if (cp >= 0xD800 && cp <= 0xDFFF) return "UTF-16 surrogate";
  if (cp > 0x10FFFF) return "code point above U+10FFFF";
  return nullptr;
}

}  // namespace

std::vector<CodePoint> decode(std::string_view text, std::string_view what) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t len = 1;
    if (const char* why = decode_one(text, i, cp, len))
      throw InputError(std::string(what) + ": invalid UTF-8 at byte " + std::to_string(i) + " (" + why +
                       "); expected UTF-8 text");
    out.push_back({cp, i, len});
    i += len;
  }
  return out;
}

std::vector<char32_t> decode_lenient(std::string_view text, char32_t replacement) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t len = 1;
    if (decode_one(text, i, cp, len)) cp = replacement, len = 1;
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string encode(char32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

bool is_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

namespace {
bool in(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }
}  // namespace

int width(char32_t cp) {
  if (cp < 0x20 || in(cp, 0x7F, 0x9F)) return 0;
  // Combining marks and zero-width characters; emoji skin-tone modifiers,
  // which terminals draw merged into the emoji before them.
  if (in(cp, 0x0300, 0x036F) || in(cp, 0x1AB0, 0x1AFF) || in(cp, 0x1DC0, 0x1DFF) || in(cp, 0x20D0, 0x20FF) ||
      in(cp, 0xFE20, 0xFE2F) || in(cp, 0x200B, 0x200F) || cp == 0xFEFF || in(cp, 0xFE00, 0xFE0F) ||
      in(cp, 0x1F3FB, 0x1F3FF))
    return 0;
  // East Asian Wide and Fullwidth blocks.
  if (in(cp, 0x1100, 0x115F) || in(cp, 0x2E80, 0x303E) || in(cp, 0x3041, 0x33FF) || in(cp, 0x3400, 0x4DBF) ||
      in(cp, 0x4E00, 0x9FFF) || in(cp, 0xA000, 0xA4CF) || in(cp, 0xA960, 0xA97F) || in(cp, 0xAC00, 0xD7A3) ||
      in(cp, 0xF900, 0xFAFF) || in(cp, 0xFE30, 0xFE4F) || in(cp, 0xFF00, 0xFF60) || in(cp, 0xFFE0, 0xFFE6) ||
      in(cp, 0x1F300, 0x1F64F) || in(cp, 0x1F900, 0x1F9FF) || in(cp, 0x20000, 0x2FFFD) || in(cp, 0x30000, 0x3FFFD))
    return 2;
  return 1;
}

int width(std::string_view valid_utf8) {
  int w = 0;
  for (const auto& c : decode(valid_utf8)) w += width(c.value);
  return w;
}

std::string fit(std::string_view valid_utf8, int columns) {
  if (width(valid_utf8) <= columns) return std::string(valid_utf8);
  std::string out;
  int used = 0;
  for (const auto& c : decode(valid_utf8)) {
    const int w = width(c.value);
    if (used + w > columns - 1) break;
    out += valid_utf8.substr(c.offset, c.length);
    used += w;
  }
  return out + "\u2026";
}

std::string pad_left(std::string_view valid_utf8, int columns) {
  std::string out(static_cast<std::size_t>(std::max(0, columns - width(valid_utf8))), ' ');
  out += valid_utf8;
  return out;
}

std::string pad_right(std::string_view valid_utf8, int columns) {
  std::string out(valid_utf8);
  out.append(static_cast<std::size_t>(std::max(0, columns - width(valid_utf8))), ' ');
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  for (const CodePoint& c : decode(text)) {
    const char32_t v = c.value;
    const bool hide = v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x200E || v == 0x200F || v == 0x061C ||
                      (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069);
    if (!hide) {
      out.append(text.substr(c.offset, c.length));
      continue;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(v));
    out += "<U+";
    out += hex;
    out += '>';
  }
  return out;
}

namespace {

// Line-breaking rules of CJK typesetting (kinsoku): closing punctuation never
// starts a line and opening brackets never end one.
bool no_line_start(char32_t c) {
  return std::u32string_view(U"，。、；：！？）」』》】〉”’・…,.;:!?)").find(c) != std::u32string_view::npos;
}
bool no_line_end(char32_t c) { return std::u32string_view(U"（「『《【〈“‘(").find(c) != std::u32string_view::npos; }

}  // namespace

std::vector<std::string> wrap(std::string_view text, int columns) {
  std::vector<std::string> lines;
  const auto cps = decode(text);
  std::size_t begin = 0;      // byte where the current line starts
  std::size_t brk = 0;        // best break so far: the line may end before this byte
  std::size_t resume = 0;     // where the next line starts after that break
  int used = 0, used_at_brk = 0;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const CodePoint& c = cps[i];
    const int w = width(c.value);
    if (c.value == ' ') {
      brk = c.offset, resume = c.offset + 1, used_at_brk = used;
    } else if (w == 2 && c.offset > begin && cps[i - 1].value != ' ' && !no_line_start(c.value) &&
               !no_line_end(cps[i - 1].value)) {
      brk = c.offset, resume = c.offset, used_at_brk = used;  // may break before a wide character
    }
    if (used + w > columns && brk > begin) {
      lines.emplace_back(text.substr(begin, brk - begin));
      begin = resume;
      used -= used_at_brk + (resume > brk ? 1 : 0);
      brk = begin;
    }
    used += w;
  }
  if (begin < text.size()) lines.emplace_back(text.substr(begin));
  return lines;
}

}  // namespace mha::utf8
