#include "mha/text/source.hpp"

#include <cstdio>
#include <fstream>

#include "mha/core/error.hpp"
#include "mha/text/utf8.hpp"

namespace mha::text {

std::string read_file(const std::filesystem::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path.string() + ": cannot open " + std::string(what));
  std::string bytes;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw IoError(path.string() + ": cannot read " + std::string(what));
  return bytes;
}

std::vector<Line> split_lines(std::string_view bytes) {
  std::vector<Line> lines;
  std::size_t start = 0, number = 1;
  while (start < bytes.size()) {
    const std::size_t nl = bytes.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    lines.push_back({number++, bytes.substr(start, end - start)});
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

std::vector<utf8::CodePoint> decode_line(const std::string& source, const Line& line, std::string_view expected) {
  if (line.bytes.empty()) fail_at(source, line.number, "empty line", expected);
  try {
    return utf8::decode(line.bytes);
  } catch (const InputError&) {
    fail_at(source, line.number, "not UTF-8", expected);
  }
}

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

void fail_at(const std::string& source, std::size_t line, std::string_view problem, std::string_view expected) {
  std::string message = source;
  message += " line ";
  message += std::to_string(line);
  message += ": ";
  message += problem;
  message += "; expected ";
  message += expected;
  throw FormatError(message);
}

std::string quote(std::string_view bytes) {
  constexpr std::size_t kMost = 40;  // code points (or bytes, when not UTF-8)
  std::string out = "'";
  bool cut = false;
  try {
    const auto cps = utf8::decode(bytes);
    cut = cps.size() > kMost;
    const std::size_t end = cut ? cps[kMost].offset : bytes.size();
    out += utf8::printable(bytes.substr(0, end));
  } catch (const InputError&) {
    cut = bytes.size() > kMost;
    for (std::size_t i = 0; i < bytes.size() && i < kMost; ++i) {
      const auto b = static_cast<unsigned char>(bytes[i]);
      if (b >= 0x20 && b < 0x7F) {
        out += static_cast<char>(b);
      } else {
        char hex[5];
        std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(b));
        out += hex;
      }
    }
  }
  out += cut ? "'…" : "'";
  return out;
}

}  // namespace mha::text
