#pragma once
// EnumNames: the one table of an enum's names. The library's to_string and
// *_from_string read it, and so does the command line for the values an
// option allows, so a name is written once.
//
//   inline constexpr auto kLangNames = enum_names<Lang>("language", {{Lang::en, "en"}, {Lang::zh, "zh"}});
//   kLangNames.name(Lang::zh)   -> "zh"
//   kLangNames.parse("fr")      -> InputError "unknown language 'fr'; expected en or zh"
//   kLangNames.choices()        -> {"en", "zh"}
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mha/core/error.hpp"

namespace mha {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
  std::string_view note = {};  // said after the name in an error message: "fixed (weights 0 to 1)"
};

template <class E, std::size_t N>
struct EnumNames {
  std::string_view what;             // "language": "unknown language 'fr'; ..."
  std::array<EnumName<E>, N> names;  // the first `choosable` are what a user may choose
  std::size_t choosable = N;         // the rest are only printed (Positional::learned, the scores' colour map)

  constexpr std::string_view name(E value) const {
    for (const auto& n : names)
      if (n.value == value) return n.name;
    return "?";
  }

  // Every value, in the table's order.
  constexpr std::array<E, N> values() const {
    std::array<E, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = names[i].value;
    return out;
  }

  // The names a user may choose, in the table's order (CLI11's IsMember takes these).
  std::vector<std::string> choices() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < choosable; ++i) out.emplace_back(names[i].name);
    return out;
  }

  // "a, b or c", each name with its note in parentheses when it has one.
  std::string choice_list() const {
    std::string out;
    for (std::size_t i = 0; i < choosable; ++i) {
      if (i > 0) out += i + 1 == choosable ? " or " : ", ";
      out += names[i].name;
      if (names[i].note.empty()) continue;
      out += " (";
      out += names[i].note;
      out += ')';
    }
    return out;
  }

  // The value a user chose by name. InputError naming what was given and the choices.
  E parse(std::string_view text) const {
    for (std::size_t i = 0; i < choosable; ++i)
      if (names[i].name == text) return names[i].value;
    std::string message = "unknown ";
    message += what;
    message += " '";
    for (const char c : text)  // one line whatever was typed: control bytes become '?'
      message += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    message += "'; expected ";
    message += choice_list();
    throw InputError(message);
  }
};

// The table of E; N is counted from the list. `choosable`: how many of the
// first names a user may choose (all by default).
template <class E, std::size_t N>
constexpr EnumNames<E, N> enum_names(std::string_view what, const EnumName<E> (&names)[N], std::size_t choosable = N) {
  EnumNames<E, N> table{what, {}, choosable};
  for (std::size_t i = 0; i < N; ++i) table.names[i] = names[i];
  return table;
}

}  // namespace mha
