#pragma once
// The language of the explanation and of every view's words.
#include <string_view>

#include "mha/core/enum_names.hpp"

namespace mha {

enum class Lang { en, zh };
inline constexpr auto kLangNames = enum_names<Lang>("language", {{Lang::en, "en"}, {Lang::zh, "zh"}});
Lang lang_from_string(std::string_view s);  // "en" | "zh"; throws InputError

}  // namespace mha
