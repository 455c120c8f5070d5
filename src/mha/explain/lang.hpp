#pragma once
// The language of the explanation and of every view's words.
#include <string_view>

namespace mha {

enum class Lang { en, zh };
Lang lang_from_string(std::string_view s);  // "en" | "zh"; throws InputError

}  // namespace mha
