#pragma once
// JSON text to nlohmann's tree, for the library's readers of JSON files (io's
// safetensors headers and tensor files, text's tokenizer.json): a key twice in
// one object is an error, since either copy could be the one the writer
// meant, and nlohmann's messages are cut to the part a user can act on.
// Private: nlohmann is not part of the library's API.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mha::detail {

// nlohmann says "[json.exception.parse_error.101] parse error at line 1,
// column 9: syntax error while parsing ..."; keep the part after the
// position (the callers give a byte offset instead), on one line.
inline std::string json_reason(const nlohmann::json::exception& e) {
  std::string_view what = e.what();
  if (const auto bracket = what.find("] "); bracket != std::string_view::npos) what.remove_prefix(bracket + 2);
  if (const auto column = what.find(", column "); column != std::string_view::npos) {
    if (const auto colon = what.find(": ", column); colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  std::string s;
  for (char c : what) s += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  return s;
}

// "an array", "a string", "null", ...: for "expected a number, got a string".
inline std::string json_kind(nlohmann::json::value_t type) {
  using T = nlohmann::json::value_t;
  switch (type) {
    case T::null: return "null";
    case T::object: return "an object";
    case T::array: return "an array";
    case T::string: return "a string";
    case T::boolean: return "a boolean";
    case T::number_integer:
    case T::number_unsigned: return "an integer";
    case T::number_float: return "a number";
    case T::binary: return "binary data";
    case T::discarded: return "nothing";
  }
  return "a value";
}

// Parses `text` as a Json (nlohmann::json or ordered_json). `duplicate(key)`
// is called for a key twice in one object, `syntax(byte, reason)` for text
// that is not JSON (byte: where, from 0, or -1 when unknown); both must throw.
template <class Json, class Duplicate, class Syntax>
Json parse_json(std::string_view text, Duplicate duplicate, Syntax syntax) {
  std::vector<std::set<std::string>> keys;  // one set per object being read
  const typename Json::parser_callback_t check_keys = [&](int, nlohmann::json::parse_event_t event, Json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::object_start) keys.emplace_back();
    if (event == E::object_end && !keys.empty()) keys.pop_back();
    if (event == E::key && !keys.empty() && !keys.back().insert(parsed.template get<std::string>()).second)
      duplicate(parsed.template get<std::string>());
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), check_keys);
  } catch (const nlohmann::json::parse_error& e) {
    syntax(static_cast<long long>(e.byte > 0 ? e.byte - 1 : 0), json_reason(e));
  } catch (const nlohmann::json::exception& e) {
    syntax(-1LL, json_reason(e));
  }
  return Json();  // not reached: syntax throws
}

}  // namespace mha::detail
