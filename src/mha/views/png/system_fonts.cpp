// find_system_font and system_font_candidates of font.hpp.
#include <fstream>

#include "mha/views/png/font.hpp"
#include "mha/views/png/sfnt.hpp"

namespace mha::png {

const std::vector<std::string>& system_font_candidates() {
  static const std::vector<std::string> paths = {
      "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",          // fonts-wqy-microhei
      "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",            // fonts-wqy-zenhei
      "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  // fonts-noto-cjk (CFF: skipped)
      "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
      "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  // fonts-droid-fallback
      "/usr/share/fonts/truetype/arphic/uming.ttc",                 // fonts-arphic-uming
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",            // fonts-dejavu-core: no CJK
      "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",        // fonts-noto-core: no CJK
      "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  };
  return paths;
}

std::optional<std::string> find_system_font() {
  for (const auto& path : system_font_candidates()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    unsigned char head[4096];
    in.read(reinterpret_cast<char*>(head), sizeof head);
    const auto got = static_cast<std::size_t>(in.gcount());
    if (sfnt::looks_like_truetype(head, got)) return path;
  }
  return std::nullopt;
}

}  // namespace mha::png
