#pragma once
// Data files the tokenizers ship, compiled into the library by
// cmake/embed.cmake (src/CMakeLists.txt): no file is read at run time.
#include <string_view>

namespace mha::text::shipped {

extern const std::string_view zh_small_dict_txt;  // samples/dict/zh-small.dict.txt

}  // namespace mha::text::shipped
